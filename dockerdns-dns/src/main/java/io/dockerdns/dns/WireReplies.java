package io.dockerdns.dns;

/** Replies built from the raw header, for requests dnsjava cannot parse. */
final class WireReplies {

  private WireReplies() {}

  /**
   * A 12-byte reply with the request's id, opcode and RD flag, QR set, the given rcode and no
   * records: what a request gets when only its header is readable.
   */
  static byte[] headerOnly(byte[] request, int rcode) {
    byte[] reply = new byte[12];
    reply[0] = request[0];
    reply[1] = request[1];
    int opcodeAndRd = request[2] & 0x79; // opcode (bits 6-3) and RD (bit 0) of the flags' high byte
    reply[2] = (byte) (0x80 | opcodeAndRd);
    reply[3] = (byte) (rcode & 0x0F);
    return reply;
  }
}
