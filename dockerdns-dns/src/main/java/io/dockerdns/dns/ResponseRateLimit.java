package io.dockerdns.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * Response-rate limiting for UDP, as NSD and Knot offer it: a UDP reply can be many times larger
 * than its query, so a server reachable from elsewhere can be used to flood a forged source
 * address. Each client prefix (IPv4 /24, IPv6 /56) may receive {@code perSecond} replies a second
 * (a token bucket holding one second's worth); past that, every second reply "slips" (goes out
 * empty with TC=1, so a real client retries over TCP, which cannot be forged) and the others are
 * dropped. TCP is never limited.
 *
 * <p>Buckets live in a fixed table indexed by a hash of the prefix, so memory is bounded whatever
 * the number of sources; two prefixes sharing a slot share a budget, which errs toward limiting.
 */
final class ResponseRateLimit {

  /** What to do with one reply. */
  enum Decision {
    SEND,
    SLIP,
    DROP
  }

  private static final int SLOTS = 4096;
  private static final long SECOND = 1_000_000_000L;

  private final double perSecond;
  private final LongSupplier nanoClock;
  private final long[] prefixes = new long[SLOTS];
  private final double[] tokens = new double[SLOTS];
  private final long[] refilled = new long[SLOTS];
  private long limited;

  ResponseRateLimit(int perSecond, LongSupplier nanoClock) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("a rate limit needs at least 1 reply a second");
    }
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
  }

  synchronized Decision decide(InetAddress client) {
    long prefix = prefix(client);
    int slot = (int) ((prefix * 0x9E3779B97F4A7C15L) >>> 52) & (SLOTS - 1);
    long now = nanoClock.getAsLong();
    if (prefixes[slot] != prefix || refilled[slot] == 0) {
      prefixes[slot] = prefix;
      tokens[slot] = perSecond;
      refilled[slot] = now;
    } else {
      double earned = (double) (now - refilled[slot]) * perSecond / SECOND;
      tokens[slot] = Math.min(perSecond, tokens[slot] + earned);
      refilled[slot] = now;
    }
    if (tokens[slot] >= 1) {
      tokens[slot] -= 1;
      return Decision.SEND;
    }
    return (++limited & 1) == 1 ? Decision.SLIP : Decision.DROP;
  }

  /** The client's /24 (IPv4) or /56 (IPv6) as a number, tagged by family. */
  private static long prefix(InetAddress client) {
    byte[] a = client.getAddress();
    long value = 0;
    int bytes = client instanceof Inet4Address ? 3 : 7;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (a[i] & 0xff);
    }
    return client instanceof Inet4Address ? value | (1L << 62) : value | (1L << 61);
  }
}
