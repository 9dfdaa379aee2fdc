package io.dockerdns.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A DNS question over UDP and an HTTP GET with curl, both to loopback. */
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

  /** {@code curl URL}: the body. */
  static String curl(String url) {
    return curlWithStatus(url).body();
  }

  /** An HTTP status and body. */
  record Http(int status, String body) {}

  static Http curlWithStatus(String url) {
    try {
      Process p = new ProcessBuilder("curl", "-s", "-m", "5", "-w", "\n%{http_code}", url).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      int newline = out.lastIndexOf('\n');
      return new Http(
          Integer.parseInt(out.substring(newline + 1).strip()), out.substring(0, newline));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
