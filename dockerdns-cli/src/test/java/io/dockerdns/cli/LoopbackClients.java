package io.dockerdns.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS questions to a server on loopback (dnsjava, or the real dig), and free loopback ports. */
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

  /** {@code dig +short @127.0.0.1 -p PORT QUESTION...}: its trimmed output. */
  static String digShort(int port, String... question) {
    return dig("127.0.0.1", port, concat("+short", question));
  }

  /** {@code dig @SERVER -p PORT ARGS...}: its trimmed output. */
  static String dig(String server, int port, String... args) {
    try {
      List<String> command =
          new ArrayList<>(List.of("dig", "+tries=1", "+time=2", "@" + server, "-p", "" + port));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run dig: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** A TCP port free on loopback now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
