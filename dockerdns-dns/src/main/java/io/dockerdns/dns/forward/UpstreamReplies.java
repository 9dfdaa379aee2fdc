package io.dockerdns.dns.forward;

import java.io.IOException;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Which upstream replies are believed: a reply must parse, be a reply (QR), carry the id we chose
 * and repeat our question exactly (name, type, class). Anything else is dropped: a spoofed reply
 * has to guess a random id and a random port, and a stray one (a late answer, another question)
 * must not answer this one.
 */
final class UpstreamReplies {

  private UpstreamReplies() {}

  /** The reply in {@code wire}, if it answers {@code sent}; never throws. */
  static Optional<Message> accept(byte[] wire, int length, Message sent) {
    Message reply;
    try {
      reply = new Message(java.nio.ByteBuffer.wrap(wire, 0, length));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    Header h = reply.getHeader();
    Record question = reply.getQuestion();
    Record asked = sent.getQuestion();
    boolean matches =
        h.getFlag(Flags.QR)
            && h.getID() == sent.getHeader().getID()
            && h.getOpcode() == Opcode.QUERY
            && h.getCount(Section.QUESTION) == 1
            && question != null
            && question.getName().equals(asked.getName())
            && question.getType() == asked.getType()
            && question.getDClass() == asked.getDClass();
    return matches ? Optional.of(reply) : Optional.empty();
  }
}
