package io.dockerdns.dns;

import java.util.Arrays;

/**
 * Where the TTLs are in an encoded reply, so that a kept forwarded reply can be given with its TTLs
 * counted down without decoding and encoding it again: the TTL field of every record of the answer,
 * authority and additional sections, the OPT record's (which holds EDNS flags) left out.
 */
final class ReplyTtls {

  private static final int HEADER = 12;
  private static final int OPT = 41;

  private ReplyTtls() {}

  /**
   * The offsets of the TTL fields in {@code wire}, a message this server encoded.
   *
   * @throws IllegalArgumentException when the message does not parse as its header counts
   */
  static int[] offsets(byte[] wire) {
    int questions = u16(wire, 4);
    int records = u16(wire, 6) + u16(wire, 8) + u16(wire, 10);
    int pos = HEADER;
    for (int i = 0; i < questions; i++) {
      pos = skipName(wire, pos) + 4;
    }
    int[] offsets = new int[records];
    int found = 0;
    for (int i = 0; i < records; i++) {
      pos = skipName(wire, pos);
      int type = u16(wire, pos);
      int ttl = pos + 4;
      int rdata = u16(wire, pos + 8);
      if (type != OPT) {
        offsets[found++] = ttl;
      }
      pos += 10 + rdata;
    }
    if (pos != wire.length) {
      throw new IllegalArgumentException("the reply's records do not end where it does");
    }
    return Arrays.copyOf(offsets, found);
  }

  /** Lowers each TTL at {@code offsets} in {@code wire} by {@code seconds}, not below 0. */
  static void lower(byte[] wire, int[] offsets, long seconds) {
    if (seconds <= 0) {
      return;
    }
    for (int offset : offsets) {
      long ttl = u32(wire, offset);
      long lowered = Math.max(0, ttl - seconds);
      wire[offset] = (byte) (lowered >>> 24);
      wire[offset + 1] = (byte) (lowered >>> 16);
      wire[offset + 2] = (byte) (lowered >>> 8);
      wire[offset + 3] = (byte) lowered;
    }
  }

  private static int skipName(byte[] wire, int pos) {
    while (true) {
      int length = wire[check(wire, pos)] & 0xff;
      if ((length & 0xc0) == 0xc0) {
        return pos + 2;
      }
      if (length == 0) {
        return pos + 1;
      }
      pos += 1 + length;
    }
  }

  private static int u16(byte[] wire, int pos) {
    check(wire, pos + 1);
    return ((wire[pos] & 0xff) << 8) | (wire[pos + 1] & 0xff);
  }

  private static long u32(byte[] wire, int pos) {
    check(wire, pos + 3);
    return ((long) (wire[pos] & 0xff) << 24)
        | ((wire[pos + 1] & 0xff) << 16)
        | ((wire[pos + 2] & 0xff) << 8)
        | (wire[pos + 3] & 0xff);
  }

  private static int check(byte[] wire, int pos) {
    if (pos >= wire.length) {
      throw new IllegalArgumentException("the reply ends inside a record");
    }
    return pos;
  }
}
