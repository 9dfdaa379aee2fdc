package io.dockerdns.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** Replies that carry no answer: built from the raw header, or the header and the question. */
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

  /**
   * The rate limit's "slip": an empty reply with TC=1 and the question, so that a real client asks
   * again over TCP (which a forged source cannot), while the reply is no larger than the query.
   */
  static byte[] slip(byte[] request, int length) {
    try {
      Message query = new Message(ByteBuffer.wrap(request, 0, length));
      Message reply = new Message(query.getHeader().getID());
      reply.getHeader().setOpcode(query.getHeader().getOpcode());
      reply.getHeader().setFlag(Flags.QR);
      reply.getHeader().setFlag(Flags.TC);
      if (query.getHeader().getFlag(Flags.RD)) {
        reply.getHeader().setFlag(Flags.RD);
      }
      if (query.getQuestion() != null) {
        reply.addRecord(query.getQuestion(), Section.QUESTION);
      }
      return reply.toWire();
    } catch (IOException | RuntimeException unreadable) {
      byte[] reply = headerOnly(request, Rcode.NOERROR);
      reply[2] |= 0x02; // TC
      return reply;
    }
  }
}
