package io.dockerdns.dns.forward;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * An upstream in this process, on a loopback UDP port, that answers as a test scripts it: the
 * script gets each query and the socket the reply may be sent from, and returns the datagrams to
 * send back (none: silence). For the hostile upstreams no real server can play.
 */
final class FakeUpstream implements AutoCloseable {

  /** What to send back for a query: datagrams, in order, from the upstream's own port. */
  interface Script extends BiFunction<Message, InetSocketAddress, List<byte[]>> {}

  private final DatagramSocket socket;
  private final Thread thread;
  private final AtomicInteger queries = new AtomicInteger();
  private volatile Script script;

  FakeUpstream(Script script) throws SocketException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.script = script;
    this.thread = new Thread(this::serve, "fake-upstream");
    thread.setDaemon(true);
    thread.start();
  }

  /** Answers every A question with {@code address}, TTL 300. */
  static Script answering(String address) {
    return (query, client) -> List.of(answer(query, address, 300).toWire());
  }

  /** Never answers. */
  static Script silent() {
    return (query, client) -> List.of();
  }

  static Message answer(Message query, String address, long ttl) {
    Message reply = replyTo(query);
    try {
      reply.addRecord(
          new ARecord(
              query.getQuestion().getName(), DClass.IN, ttl, InetAddress.getByName(address)),
          Section.ANSWER);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return reply;
  }

  static Message nxdomain(Message query, long soaTtl, long soaMinimum) {
    Message reply = replyTo(query);
    reply.getHeader().setRcode(Rcode.NXDOMAIN);
    Name zone = Name.fromConstantString("example.test.");
    reply.addRecord(
        new SOARecord(
            zone,
            DClass.IN,
            soaTtl,
            Name.fromConstantString("ns.example.test."),
            Name.fromConstantString("hostmaster.example.test."),
            1,
            3600,
            600,
            86400,
            soaMinimum),
        Section.AUTHORITY);
    return reply;
  }

  static Message replyTo(Message query) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.RA);
    Record question = query.getQuestion();
    reply.addRecord(question, Section.QUESTION);
    return reply;
  }

  void script(Script newScript) {
    this.script = newScript;
  }

  Upstream upstream() {
    return Upstream.of(socket.getLocalAddress(), socket.getLocalPort());
  }

  /** Queries received so far. */
  int queries() {
    return queries.get();
  }

  private void serve() {
    byte[] buffer = new byte[65535];
    while (!socket.isClosed()) {
      try {
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        socket.receive(in);
        queries.incrementAndGet();
        Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
        InetSocketAddress client = (InetSocketAddress) in.getSocketAddress();
        for (byte[] datagram : script.apply(query, client)) {
          socket.send(new DatagramPacket(datagram, datagram.length, client));
        }
      } catch (IOException | RuntimeException e) {
        // closed, or a query the script could not take: the next one
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
