package io.dockerdns.dns;

import io.dockerdns.core.concurrent.DaemonThreads;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over TCP (RFC 7766): each connection may carry several length-prefixed queries,
 * answered in order. An idle connection is closed after the idle timeout; a message that starts but
 * does not arrive whole within the read timeout closes its connection. TCP runs on its own threads,
 * so a slow client never delays UDP.
 *
 * <p>Connections are bounded so that a new client is always served (RFC 7766 section 6.2): one
 * client address holds at most a quarter of the cap (6.2.2), and a connection that would pass
 * either limit takes the place of the one that has done least lately (6.2.3): the one whose last
 * answer (or, never answered, whose connect) lies furthest back, whether it waits idle or holds
 * part of a message. A message in progress is no shield: clients that each send one byte of a
 * length prefix and stop would otherwise hold every slot until their read deadlines, and from a few
 * addresses keep newcomers out for good.
 */
final class TcpListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

  private final ServerSocket server;
  private final SafeHandler handler;
  private final DnsServerConfig config;
  private final ExecutorService connections;
  private final Map<Socket, Connection> open = new ConcurrentHashMap<>();
  private final Thread acceptor;
  private volatile boolean closing;

  TcpListener(ServerSocket server, SafeHandler handler, DnsServerConfig config) {
    this.server = server;
    this.handler = handler;
    this.config = config;
    this.connections = Executors.newCachedThreadPool(DaemonThreads.factory("dockerdns-tcp"));
    this.acceptor = DaemonThreads.thread("dockerdns-tcp-accept", this::acceptLoop);
  }

  void start() {
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Connections being served now (those given up for newer ones not counted). */
  int activeConnections() {
    return (int) live(c -> true).count();
  }

  /** Connections one client address may hold at once. */
  int maxPerClient() {
    return Math.max(1, config.maxTcpConnections() / 4);
  }

  /** One connection, and what the limits need to know of it. */
  private static final class Connection {
    final Socket socket;
    final InetAddress client;

    /** When it connected or last had a message answered: the least recent gives way first. */
    volatile long progressNanos = System.nanoTime();

    volatile boolean evicted;

    Connection(Socket socket) {
      this.socket = socket;
      this.client = socket.getInetAddress();
    }
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.debug("TCP accept failed", e);
        }
        continue;
      }
      Connection connection = new Connection(socket);
      admit(connection);
      open.put(socket, connection);
      connections.execute(() -> serve(connection));
    }
  }

  /** Makes room for a new connection under both limits. */
  private void admit(Connection connection) {
    Predicate<Connection> sameClient = c -> c.client.equals(connection.client);
    if (live(sameClient).count() >= maxPerClient()) {
      evictLeastProgress(sameClient);
    }
    if (live(c -> true).count() >= config.maxTcpConnections()) {
      evictLeastProgress(c -> true);
    }
  }

  private Stream<Connection> live(Predicate<Connection> which) {
    return open.values().stream().filter(c -> !c.evicted).filter(which);
  }

  /** Closes the connection that has had nothing answered for the longest time. */
  private void evictLeastProgress(Predicate<Connection> among) {
    live(among)
        .min(Comparator.comparingLong((Connection c) -> c.progressNanos))
        .ifPresent(
            c -> {
              c.evicted = true;
              closeQuietly(c.socket);
            });
  }

  private void serve(Connection connection) {
    Socket socket = connection.socket;
    try (socket) {
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (!closing) {
        Optional<byte[]> query = readMessage(connection, in);
        if (query.isEmpty()) {
          return;
        }
        byte[] packet = query.get();
        Optional<byte[]> reply =
            handler.handle(packet, packet.length, Transport.TCP, connection.client);
        if (reply.isPresent()) {
          byte[] r = reply.get();
          byte[] framed = new byte[r.length + 2];
          framed[0] = (byte) (r.length >>> 8);
          framed[1] = (byte) r.length;
          System.arraycopy(r, 0, framed, 2, r.length);
          out.write(framed);
          out.flush();
        }
        connection.progressNanos = System.nanoTime();
      }
    } catch (SocketTimeoutException | EOFException | SocketException e) {
      // idle, stalled, or gone: the connection ends, nothing else does
    } catch (IOException | RuntimeException e) {
      LOG.debug("TCP connection failed", e);
    } finally {
      open.remove(socket);
    }
  }

  /**
   * The next length-prefixed message, or empty when the client closed the connection, sent an empty
   * message, or stayed idle past the idle timeout.
   */
  private Optional<byte[]> readMessage(Connection connection, DataInputStream in)
      throws IOException {
    Socket socket = connection.socket;
    socket.setSoTimeout((int) config.tcpIdleTimeout().toMillis());
    int high = in.read();
    if (high < 0) {
      return Optional.empty();
    }
    long readMillis = config.tcpReadTimeout().toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readMillis);
    socket.setSoTimeout((int) readMillis);
    int low = in.read();
    if (low < 0) {
      return Optional.empty();
    }
    int length = (high << 8) | low;
    if (length == 0) {
      return Optional.empty();
    }
    byte[] message = new byte[length];
    int read = 0;
    while (read < length) {
      // The deadline bounds the whole message, so a client trickling bytes cannot hold it open.
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new SocketTimeoutException("TCP message not complete within " + readMillis + " ms");
      }
      socket.setSoTimeout((int) left);
      int n = in.read(message, read, length - read);
      if (n < 0) {
        return Optional.empty();
      }
      read += n;
    }
    return Optional.of(message);
  }

  @Override
  public void close() {
    closing = true;
    closeQuietly(server);
    connections.shutdown();
    try {
      // Answers in flight are written; idle connections are then closed.
      if (!connections.awaitTermination(200, TimeUnit.MILLISECONDS)) {
        open.keySet().forEach(TcpListener::closeQuietly);
        connections.awaitTermination(2, TimeUnit.SECONDS);
      }
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.trace("close failed", e);
    }
  }
}
