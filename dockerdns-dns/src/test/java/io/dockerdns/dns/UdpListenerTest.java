package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.dns.forward.ForwardingConfig;
import io.dockerdns.dns.forward.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The UDP listener on real sockets: what reaches it, in what numbers and shapes, is answered; a
 * reply that cannot be sent loses no other.
 */
class UdpListenerTest {

  private static final InetAddress LOOPBACK = IpAddresses.require("127.0.0.1", "loopback");
  private static final InetAddress LOOPBACK6 = IpAddresses.require("::1", "loopback");

  private DnsServer server;
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @BeforeEach
  void start() {
    server = serve(config(LOOPBACK), null);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
    server.close();
  }

  @Test
  void a_query_is_answered() throws IOException {
    assertThat(answer(query("web.docker.", 1)).getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void a_malformed_packet_gets_formerr_and_the_next_one_its_answer() throws IOException {
    byte[] loop = hex("123401000001000000000000c00c00010001");

    Message formerr = exchange(loop);
    Message answer = exchange(query("web.docker.", 2));

    assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void a_response_packet_gets_no_reply() {
    byte[] response = query("web.docker.", 3);
    response[2] |= (byte) 0x80;

    assertThatThrownBy(() -> exchange(response)).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void a_taken_port_is_a_clear_error() {
    DnsServerConfig same = config(LOOPBACK).toBuilder().bind(LOOPBACK, server.port()).build();

    assertThatThrownBy(() -> serve(same, null))
        .isInstanceOf(DnsBindException.class)
        .hasMessage(
            "DNS cannot listen on 127.0.0.1 port "
                + server.port()
                + "/udp: the port is already in use by another program");
  }

  @Test
  void answers_on_ipv6() throws IOException {
    DnsServer v6 = serve(config(LOOPBACK6), null);
    closeAfter.add(v6);

    Message reply = exchange(LOOPBACK6, v6.port(), query("web.docker.", 4));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void a_query_padded_to_4000_bytes_is_answered_within_the_size_it_allows() throws IOException {
    // The reply keeps to the 1,232 bytes we offer, whatever the client's size.
    Message reply = exchange(padded(4000, 5));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(QueryHandler.EDNS_PAYLOAD);
  }

  /** No client sends more (a query is a name, an OPT and padding), but any size is read whole. */
  @Test
  void a_query_of_5000_bytes_is_answered() throws IOException {
    Message reply = exchange(padded(5000, 8));

    assertThat(reply.getHeader().getID()).isEqualTo(8);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void every_query_of_a_burst_is_answered_by_id() throws IOException {
    int burst = 199;
    try (DatagramSocket client = client()) {
      for (int id = 1; id <= burst; id++) {
        send(
            client,
            LOOPBACK,
            server.port(),
            query(id % 2 == 0 ? "web.docker." : "nothing.docker.", id));
      }
      Set<Integer> answered = new HashSet<>();
      for (int i = 0; i < burst; i++) {
        Message reply = receive(client);
        int id = reply.getHeader().getID();
        assertThat(reply.getRcode()).isEqualTo(id % 2 == 0 ? Rcode.NOERROR : Rcode.SERVFAIL);
        answered.add(id);
      }
      assertThat(answered).hasSize(burst);
    }
  }

  /**
   * 20,000 random and mutated packets over the socket, as fast as it takes them: every reply echoes
   * a query's id within 1,232 bytes, and a plain query is answered afterwards.
   */
  @Test
  void twenty_thousand_hostile_packets_never_stop_it_nor_draw_an_oversized_reply()
      throws Exception {
    Random random = new Random(20261201);
    byte[] valid = query("web.docker.", 0);
    AtomicInteger replies = new AtomicInteger();
    AtomicReference<String> wrong = new AtomicReference<>();
    try (DatagramSocket client = client()) {
      client.setSoTimeout(1500);
      Thread reader =
          receiving(
              client,
              packet -> {
                replies.incrementAndGet();
                if (packet.getLength() > QueryHandler.EDNS_PAYLOAD || packet.getLength() < 12) {
                  wrong.compareAndSet(null, "a reply of " + packet.getLength() + " bytes");
                }
              });
      for (int i = 0; i < 20_000; i++) {
        byte[] packet;
        if (i % 2 == 0) {
          packet = new byte[random.nextInt(600)];
          random.nextBytes(packet);
          if (packet.length > 2) {
            packet[2] &= 0x7f; // QR clear: a response gets no reply, so this asks for more
          }
        } else {
          packet = valid.clone();
          for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
          }
        }
        send(client, LOOPBACK, server.port(), packet);
        if (i % 256 == 255) {
          Thread.sleep(1); // keep under what the receive buffers hold
        }
      }
      reader.join(10_000);
    }

    assertThat(wrong.get()).isNull();
    assertThat(replies.get()).isGreaterThan(5_000);
    assertThat(answer(query("web.docker.", 7)).getSection(Section.ANSWER)).hasSize(1);
  }

  /**
   * The kernel refuses the replies to one client (a firewall rule: sendmsg fails with EPERM) while
   * the replies to another, interleaved with them, still go out, all of them.
   */
  @Test
  void a_reply_that_cannot_be_sent_loses_no_other() throws Exception {
    try (DatagramSocket refused = client();
        DatagramSocket other = client();
        Firewall firewall = Firewall.dropUdp(server.port(), refused.getLocalPort())) {
      int each = 96;
      for (int id = 1; id <= each; id++) {
        send(refused, LOOPBACK, server.port(), query("web.docker.", id));
        send(other, LOOPBACK, server.port(), query("web.docker.", id));
      }
      Set<Integer> answered = new HashSet<>();
      for (int i = 0; i < each; i++) {
        answered.add(receive(other).getHeader().getID());
      }

      assertThat(answered).hasSize(each);
      refused.setSoTimeout(300);
      assertThatThrownBy(() -> receive(refused)).isInstanceOf(SocketTimeoutException.class);
      firewall.lift();
      send(refused, LOOPBACK, server.port(), query("web.docker.", 9999));
      refused.setSoTimeout(2000);
      assertThat(receive(refused).getHeader().getID()).isEqualTo(9999);
    }
  }

  /**
   * Response-rate limiting is the handler's: a burst of 40 from one address against 5 a second gets
   * a few full answers, empty truncated ones, and drops; all counted; TCP still answers.
   */
  @Test
  void a_burst_past_the_rate_limit_gets_truncated_replies_and_drops_while_tcp_answers()
      throws IOException {
    DnsServer limited = serve(config(LOOPBACK).toBuilder().rateLimit(5).build(), null);
    closeAfter.add(limited);
    byte[] query = query("web.docker.", 12);
    int answered = 0;
    int truncated = 0;
    try (DatagramSocket client = client()) {
      for (int i = 0; i < 40; i++) {
        send(client, LOOPBACK, limited.port(), query);
      }
      client.setSoTimeout(500);
      try {
        while (true) {
          DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
          client.receive(in);
          Message reply = Queries.parse(Arrays.copyOf(in.getData(), in.getLength()));
          if (reply.getHeader().getFlag(Flags.TC)) {
            assertThat(reply.getSection(Section.ANSWER)).isEmpty();
            assertThat(in.getLength()).isLessThanOrEqualTo(query.length);
            truncated++;
          } else {
            answered++;
          }
        }
      } catch (SocketTimeoutException allReceived) {
        // nothing more is coming
      }
    }

    assertThat(answered).isBetween(5, 7); // the budget, and what refilled during the burst
    assertThat(truncated).isGreaterThan(10);
    assertThat(answered + truncated).isLessThan(40);
    assertThat(limited.counters().rateLimitSlipped()).isEqualTo(truncated);
    assertThat(limited.counters().rateLimitDropped()).isEqualTo(40 - answered - truncated);
    MeterRegistry meters = new SimpleMeterRegistry();
    limited.counters().bindTo(meters);
    assertThat(
            meters
                .get("dockerdns.dns.rate.limited")
                .tag("action", "slip")
                .functionCounter()
                .count())
        .isEqualTo(truncated);
    Dig overTcp = Dig.query(limited.port(), "+tcp", "web.docker");
    assertThat(overTcp.status()).isEqualTo("NOERROR");
    assertThat(overTcp.answer()).hasSize(1);
  }

  /** A forwarded question's reply is sent later, by another thread, on the same path. */
  @Test
  void a_forwarded_answer_sent_later_from_another_thread_goes_out() throws Exception {
    FixedUpstream upstream = new FixedUpstream("192.0.2.7");
    closeAfter.add(upstream);
    DnsServer forwarding =
        serve(
            config(LOOPBACK), ForwardingConfig.to(List.of(Upstream.of(LOOPBACK, upstream.port()))));
    closeAfter.add(forwarding);

    Message reply = exchange(LOOPBACK, forwarding.port(), query("example.test.", 11));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.7");
  }

  private DnsServerConfig config(InetAddress bind) {
    return DnsServerConfig.builder().bind(bind, 0).build();
  }

  private static DnsServer serve(DnsServerConfig config, ForwardingConfig forwarding) {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));
    return DnsServer.start(
        config, new Resolver(NamingConfig.DEFAULT), registry::snapshot, forwarding);
  }

  /** A query for web.docker. filled to {@code size} bytes with EDNS padding (option 12). */
  private static byte[] padded(int size, int id) {
    Message query = Queries.query("web.docker.", Type.A);
    query.getHeader().setID(id);
    int padding = size - query.toWire().length - 11 - 4;
    query.addRecord(
        new OPTRecord(
            4096, 0, 0, 0, List.<EDNSOption>of(new GenericEDNSOption(12, new byte[padding]))),
        Section.ADDITIONAL);
    byte[] wire = query.toWire();
    assertThat(wire).hasSize(size);
    return wire;
  }

  private static byte[] query(String name, int id) {
    Message m = Queries.query(name, Type.A);
    m.getHeader().setID(id);
    return m.toWire();
  }

  private Message answer(byte[] query) throws IOException {
    Message reply = exchange(query);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    return reply;
  }

  private Message exchange(byte[] query) throws IOException {
    return exchange(LOOPBACK, server.port(), query);
  }

  private static Message exchange(InetAddress address, int port, byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(700);
      send(socket, address, port, query);
      return receive(socket);
    }
  }

  private static DatagramSocket client() throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    socket.setReceiveBufferSize(4 << 20);
    socket.setSoTimeout(3000);
    return socket;
  }

  private static void send(DatagramSocket socket, InetAddress address, int port, byte[] packet)
      throws IOException {
    socket.send(new DatagramPacket(packet, packet.length, address, port));
  }

  private static Message receive(DatagramSocket socket) throws IOException {
    byte[] buffer = new byte[65535];
    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
    socket.receive(reply);
    return Queries.parse(Arrays.copyOf(buffer, reply.getLength()));
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** What a receiving thread does with each datagram. */
  private interface PacketHandler {
    void handle(DatagramPacket packet) throws IOException;
  }

  /** A started daemon thread handing each datagram {@code socket} receives to {@code each}. */
  private static Thread receiving(DatagramSocket socket, PacketHandler each) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[65535];
              DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
              try {
                while (true) {
                  socket.receive(packet);
                  each.handle(packet);
                }
              } catch (IOException e) {
                // the socket went quiet (a timeout) or was closed: done
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** An upstream that answers every A question with one address. */
  private static final class FixedUpstream implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    FixedUpstream(String address) throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
      thread =
          receiving(
              socket,
              packet -> {
                Message question =
                    Queries.parse(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message reply = new Message(question.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.RA);
                reply.addRecord(question.getQuestion(), Section.QUESTION);
                reply.addRecord(
                    new ARecord(
                        question.getQuestion().getName(),
                        DClass.IN,
                        60,
                        InetAddress.getByName(address)),
                    Section.ANSWER);
                byte[] wire = reply.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
              });
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      socket.close();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A firewall rule of the test's own (iptables, OUTPUT chain), removed on close. */
  private static final class Firewall implements AutoCloseable {
    private final List<String> rule;
    private boolean removed;

    private Firewall(List<String> rule) {
      this.rule = rule;
    }

    /** Drops what leaves loopback from {@code fromPort} to {@code toPort} over UDP. */
    static Firewall dropUdp(int fromPort, int toPort) throws IOException {
      List<String> rule =
          List.of(
              "OUTPUT",
              "-o",
              "lo",
              "-p",
              "udp",
              "--sport",
              String.valueOf(fromPort),
              "--dport",
              String.valueOf(toPort),
              "-m",
              "comment",
              "--comment",
              "ddtest-udp-send-failure",
              "-j",
              "DROP");
      iptables("-I", rule);
      return new Firewall(rule);
    }

    /** Removes the rule (once). */
    void lift() throws IOException {
      if (!removed) {
        removed = true;
        iptables("-D", rule);
      }
    }

    @Override
    public void close() throws IOException {
      lift();
    }

    private static void iptables(String action, List<String> rule) throws IOException {
      List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
      command.addAll(rule);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit;
      try {
        exit = p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for iptables", e);
      }
      if (exit != 0) {
        throw new IOException(
            "iptables "
                + action
                + " failed (this test needs root and iptables): "
                + output.strip());
      }
    }
  }
}
