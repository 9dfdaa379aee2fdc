package io.dockerdns.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A DNS question over UDP to a server on loopback. */
final class LoopbackClients {

  private LoopbackClients() {}

  /** The first address answered, or "" when there is none (yet) or no reply. */
  static String addressOf(int port, String name) {
    Message reply;
    try {
      reply = ask(port, name);
    } catch (IOException e) {
      return "";
    }
    List<Record> answers = reply.getSection(Section.ANSWER);
    return answers.isEmpty() ? "" : answers.get(0).rdataToString();
  }

  static Message ask(int port, String name) throws IOException {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    byte[] wire = query.toWire();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(2000);
      InetAddress loopback = InetAddress.getLoopbackAddress();
      socket.send(new DatagramPacket(wire, wire.length, loopback, port));
      byte[] buffer = new byte[1500];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      socket.receive(reply);
      return new Message(Arrays.copyOf(buffer, reply.getLength()));
    }
  }
}
