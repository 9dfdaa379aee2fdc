package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.testing.Eventually;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The listeners on real sockets: framing, timeouts, the connection cap, and UDP's isolation. */
class DnsServerSocketTest {

  private static final InetAddress LOOPBACK = IpAddresses.require("127.0.0.1", "loopback");
  private static final int CAP = 4;

  private DnsServer server;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server =
        serving(
            DnsServerConfig.builder()
                .bind(LOOPBACK, 0)
                .tcpLimits(Duration.ofSeconds(2), Duration.ofMillis(500), CAP)
                .build());
  }

  /** Replaces the server with one configured by {@code config} (the default TCP limits, say). */
  private void restartWith(DnsServerConfig config) {
    server.close();
    server = serving(config);
  }

  /** A server answering {@code web}, configured by {@code config}. */
  private static DnsServer serving(DnsServerConfig config) {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));
    return DnsServer.start(config, new Resolver(NamingConfig.DEFAULT), registry::snapshot);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : clients) {
      s.close();
    }
    server.close();
  }

  @Test
  void answers_pipelined_tcp_queries_in_order_on_one_connection() throws IOException {
    Socket socket = connect();
    OutputStream out = socket.getOutputStream();
    byte[] first = withId(Queries.query("web.docker.", Type.A), 1);
    byte[] second = withId(Queries.query("nothing.docker.", Type.A), 2);
    out.write(concat(frame(first), frame(second)));
    out.flush();

    DataInputStream in = new DataInputStream(socket.getInputStream());
    Message a = readFramed(in);
    Message b = readFramed(in);

    assertThat(a.getHeader().getID()).isEqualTo(1);
    assertThat(a.getSection(Section.ANSWER)).hasSize(1);
    assertThat(b.getHeader().getID()).isEqualTo(2);
    assertThat(b.getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void a_zero_length_tcp_message_closes_the_connection_and_nothing_else() throws IOException {
    Socket socket = connect();
    socket.getOutputStream().write(new byte[] {0, 0});

    assertThat(socket.getInputStream().read()).isEqualTo(-1);
    assertThat(udp(Queries.query("web.docker.", Type.A).toWire()).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void a_stalled_tcp_message_is_dropped_after_the_read_timeout_while_udp_answers()
      throws IOException {
    Socket socket = connect();
    socket.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, 0x12, 0x34});
    long started = System.nanoTime();

    for (int i = 0; i < 5; i++) {
      assertThat(udp(Queries.query("web.docker.", Type.A).toWire()).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
    assertThat(socket.getInputStream().read()).isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void an_idle_tcp_connection_is_closed_after_the_idle_timeout() throws IOException {
    Socket socket = connect();

    assertThat(socket.getInputStream().read()).isEqualTo(-1);
  }

  /** Each from its own loopback address, so only the overall cap applies. */
  @Test
  void a_connection_past_the_cap_takes_the_place_of_the_idlest_and_udp_keeps_answering()
      throws IOException {
    List<Socket> held = new ArrayList<>();
    for (int i = 1; i <= CAP; i++) {
      Socket socket = connectFrom("127.0.0." + i);
      assertThat(ask(socket, i)).isEqualTo(i); // the first asked longest ago: the idlest
      held.add(socket);
    }
    assertThat(server.activeTcpConnections()).isEqualTo(CAP);

    Socket extra = connectFrom("127.0.0." + (CAP + 1));

    assertThat(ask(extra, 99)).as("the connection past the cap is served").isEqualTo(99);
    assertThat(held.get(0).getInputStream().read()).as("the idlest, closed").isEqualTo(-1);
    assertThat(ask(held.get(1), 2)).as("the others go on").isEqualTo(2);
    assertThat(server.activeTcpConnections()).isEqualTo(CAP);
    assertThat(udp(Queries.query("web.docker.", Type.A).toWire()).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  /**
   * The attack that locked TCP out: more connections than the cap from one address, each asking a
   * query every second so none idles out. One address holds at most a quarter of the cap, and a
   * newcomer, from that address or another, is answered.
   */
  @Test
  void a_flood_of_busy_connections_from_one_address_never_locks_out_a_new_client()
      throws Exception {
    restartWith(DnsServerConfig.builder().bind(LOOPBACK, 0).build());
    List<Socket> flood = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      flood.add(connectFrom("127.0.0.1"));
    }
    // The newest asks first: once it is answered the server has taken every one before it, and
    // given up the older ones for them. Then each asks and waits for its answer or its end.
    int answered = 0;
    for (int i = flood.size() - 1; i >= 0; i--) {
      if (answersOrEnds(flood.get(i))) {
        answered++;
      }
    }
    assertThat(answered).as("connections one address keeps").isEqualTo(64 / 4);
    assertThat(server.activeTcpConnections()).isEqualTo(64 / 4);
    AtomicBoolean flooding = new AtomicBoolean(true);
    Thread asker =
        new Thread(
            () -> {
              while (flooding.get()) {
                for (Socket socket : flood) {
                  try {
                    socket
                        .getOutputStream()
                        .write(frame(Queries.query("web.docker.", Type.A).toWire()));
                  } catch (IOException closedByTheServer) {
                    // given up for a newer connection
                  }
                }
                sleepQuietly(1000);
              }
            });
    asker.start();
    try {
      assertThat(ask(connectFrom("127.0.0.2"), 21)).as("from another address").isEqualTo(21);
      assertThat(ask(connectFrom("127.0.0.1"), 22)).as("from the flood's address").isEqualTo(22);
    } finally {
      flooding.set(false);
      asker.join();
    }
  }

  /**
   * The attack that locked newcomers out: from four addresses, a stream of connections that each
   * send one byte of a length prefix and stop. Partial messages are no shield against eviction, so
   * a fifth address is answered as if nothing were going on.
   */
  @Test
  void half_sent_messages_from_four_addresses_never_lock_out_a_fifth() throws Exception {
    restartWith(DnsServerConfig.builder().bind(LOOPBACK, 0).build());
    AtomicBoolean attacking = new AtomicBoolean(true);
    List<Thread> attackers = new ArrayList<>();
    for (int a = 2; a <= 5; a++) {
      InetAddress from = IpAddresses.require("127.0.0." + a, "attacker");
      Thread attacker = new Thread(() -> sendOneByteAndStop(from, attacking));
      attacker.start();
      attackers.add(attacker);
    }
    int answered = 0;
    try {
      Eventually.until(
          Duration.ofSeconds(10),
          "every slot held by a half-sent message",
          () -> server.activeTcpConnections() == 64);
      for (int i = 0; i < 50; i++) {
        try (Socket socket = connectFrom("127.0.0.6")) {
          if (ask(socket, i) == i) {
            answered++;
          }
        } catch (IOException closedByTheServer) {
          // counted as not answered
        }
      }
    } finally {
      attacking.set(false);
      for (Thread attacker : attackers) {
        attacker.join();
      }
    }

    assertThat(answered)
        .as("queries of 50 answered from the fifth address")
        .isGreaterThanOrEqualTo(48);
  }

  /** Opens connections from {@code from}, each sending one byte, for as long as asked. */
  private void sendOneByteAndStop(InetAddress from, AtomicBoolean attacking) {
    java.util.ArrayDeque<Socket> held = new java.util.ArrayDeque<>();
    try {
      while (attacking.get()) {
        Socket socket = new Socket();
        try {
          socket.bind(new InetSocketAddress(from, 0));
          socket.connect(new InetSocketAddress(LOOPBACK, server.port()), 2000);
          socket.getOutputStream().write(0);
          held.addLast(socket);
        } catch (IOException refused) {
          closeQuietly(socket);
        }
        if (held.size() > 32) {
          closeQuietly(held.removeFirst()); // long given up by the server for a newer one
        }
        sleepQuietly(5);
      }
    } finally {
      held.forEach(DnsServerSocketTest::closeQuietly);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test's own socket
    }
  }

  /**
   * Clients that pipeline queries and never read the answers: the server's writes to them block.
   * Such a connection is as idle as one that asks nothing, so it gives way to a newcomer.
   */
  @Test
  void connections_that_never_read_their_answers_give_way_to_a_new_client() throws Exception {
    byte[] one = frame(Queries.query("web.docker.", Type.A).toWire());
    java.io.ByteArrayOutputStream pipelined = new java.io.ByteArrayOutputStream();
    while (pipelined.size() < 600_000) { // more answers than the socket buffers between us hold
      pipelined.write(one);
    }
    byte[] many = pipelined.toByteArray();
    for (int i = 1; i <= CAP; i++) {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(1024);
      socket.bind(new InetSocketAddress(IpAddresses.require("127.0.0." + i, "client"), 0));
      socket.connect(new InetSocketAddress(LOOPBACK, server.port()), 2000);
      clients.add(socket);
      byte[] queries = many;
      Thread writer =
          new Thread(
              () -> {
                try {
                  socket.getOutputStream().write(queries); // blocks once the server stops reading
                } catch (IOException closedByTheServer) {
                  // given up for the newcomer
                }
              });
      writer.setDaemon(true);
      writer.start();
    }
    Eventually.until(
        Duration.ofSeconds(5),
        "every slot held by a client that does not read",
        () -> server.activeTcpConnections() == CAP);

    assertThat(ask(connectFrom("127.0.0." + (CAP + 1)), 77)).isEqualTo(77);
  }

  /** Whether a query on the connection is answered (false: the server closed it). */
  private static boolean answersOrEnds(Socket socket) throws IOException {
    try {
      return ask(socket, 1) == 1;
    } catch (java.io.EOFException | java.net.SocketException closed) {
      return false;
    }
  }

  /** Sends a query with this id on the connection and returns the id of the answer. */
  private static int ask(Socket socket, int id) throws IOException {
    socket.getOutputStream().write(frame(withId(Queries.query("web.docker.", Type.A), id)));
    return readFramed(new DataInputStream(socket.getInputStream())).getHeader().getID();
  }

  @Test
  void a_storm_of_idle_and_slow_connections_never_passes_the_cap_nor_stops_udp() throws Exception {
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Socket socket = connectQuietly();
      if (socket != null && i % 2 == 0) {
        slow.add(socket); // every other one trickles a query a byte at a time; the rest idle
      }
    }
    AtomicBoolean storm = new AtomicBoolean(true);
    AtomicInteger mostActive = new AtomicInteger();
    Thread trickler =
        new Thread(
            () -> {
              byte[] framed = frame(Queries.query("web.docker.", Type.A).toWire());
              for (int b = 0; storm.get() && b < framed.length; b++) {
                for (Socket socket : slow) {
                  try {
                    socket.getOutputStream().write(framed[b]);
                  } catch (IOException closedByTheServer) {
                    // expected for connections past the cap and after the read deadline
                  }
                }
                mostActive.accumulateAndGet(server.activeTcpConnections(), Math::max);
                sleepQuietly(50);
              }
            });
    trickler.start();
    int answered = 0;
    for (int i = 0; i < 100; i++) {
      if (udp(Queries.query("web.docker.", Type.A).toWire()).getRcode() == Rcode.NOERROR) {
        answered++;
      }
      mostActive.accumulateAndGet(server.activeTcpConnections(), Math::max);
    }
    storm.set(false);
    trickler.join();

    assertThat(answered).as("UDP answers during the storm").isEqualTo(100);
    assertThat(mostActive.get()).as("connections held at once").isLessThanOrEqualTo(CAP);
    for (Socket s : clients) {
      s.close();
    }
    Eventually.until(
        Duration.ofSeconds(3),
        "the storm's connections gone",
        () -> server.activeTcpConnections() == 0);
    Socket fresh = connect();
    fresh.getOutputStream().write(frame(withId(Queries.query("web.docker.", Type.A), 7)));
    assertThat(readFramed(new DataInputStream(fresh.getInputStream())).getHeader().getID())
        .isEqualTo(7);
  }

  /** A connection, or null when the server's backlog refused it. */
  private Socket connectQuietly() {
    try {
      return connect();
    } catch (IOException refused) {
      return null;
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Socket connect() throws IOException {
    return connectFrom("127.0.0.1");
  }

  /** A connection from a loopback address of the test's choosing (all of 127/8 is this host). */
  private Socket connectFrom(String localAddress) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(IpAddresses.require(localAddress, "client"), 0));
    socket.connect(new InetSocketAddress(LOOPBACK, server.port()), 2000);
    socket.setSoTimeout(5000);
    clients.add(socket);
    return socket;
  }

  private Message udp(byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(700);
      socket.send(new DatagramPacket(query, query.length, LOOPBACK, server.port()));
      byte[] buffer = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      socket.receive(reply);
      return Queries.parse(Arrays.copyOf(buffer, reply.getLength()));
    }
  }

  private static byte[] withId(Message m, int id) {
    m.getHeader().setID(id);
    return m.toWire();
  }

  private static byte[] frame(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static Message readFramed(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] message = new byte[length];
    in.readFully(message);
    return Queries.parse(message);
  }
}
