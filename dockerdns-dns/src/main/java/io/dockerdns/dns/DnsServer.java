package io.dockerdns.dns;

import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.net.BindFailures;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.dns.forward.Forwarder;
import io.dockerdns.dns.forward.ForwardingConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The DNS server: UDP and TCP listeners answering from the registry's current snapshot.
 *
 * <pre>{@code
 * try (DnsServer dns = DnsServer.start(DnsServerConfig.builder().bind(loopback, 5300).build(),
 *     registry.resolver(), registry::snapshot)) {
 *   ...
 * }
 * }</pre>
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  private static final int BACKLOG = 128;
  private static final int FREE_PORT_ATTEMPTS = 20;

  private final UdpListener udp;
  private final TcpListener tcp;
  private final int port;
  private final QueryHandler queries;
  private final QueryCounters counters;
  private final Forwarder forwarder;

  private DnsServer(
      UdpListener udp, TcpListener tcp, int port, QueryHandler queries, Forwarder forwarder) {
    this.udp = udp;
    this.tcp = tcp;
    this.port = port;
    this.queries = queries;
    this.counters = queries.counters();
    this.forwarder = forwarder;
  }

  /**
   * Binds the configured transports and starts answering.
   *
   * @throws DnsBindException with a one-line reason when an address cannot be bound
   */
  public static DnsServer start(
      DnsServerConfig config, Resolver resolver, Supplier<RegistrySnapshot> snapshots) {
    return start(config, resolver, snapshots, null);
  }

  /**
   * Binds the configured transports and starts answering, names outside the zone by forwarding them
   * as {@code forwarding} says (null: they are REFUSED).
   *
   * @throws DnsBindException with a one-line reason when an address cannot be bound
   */
  public static DnsServer start(
      DnsServerConfig config,
      Resolver resolver,
      Supplier<RegistrySnapshot> snapshots,
      ForwardingConfig forwarding) {
    return start(config, resolver, snapshots, forwarding, System::nanoTime);
  }

  /** As above, with the clock forwarded answers age by (a test's own). */
  static DnsServer start(
      DnsServerConfig config,
      Resolver resolver,
      Supplier<RegistrySnapshot> snapshots,
      ForwardingConfig forwarding,
      LongSupplier nanoClock) {
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(snapshots, "snapshots");
    Forwarder forwarder =
        forwarding == null ? null : Forwarder.start(forwarding, apexes(resolver), nanoClock);
    try {
      return start(
          config, new QueryHandler(config, resolver, snapshots, forwarder, nanoClock), forwarder);
    } catch (RuntimeException e) {
      if (forwarder != null) {
        forwarder.close();
      }
      throw e;
    }
  }

  private static DnsServer start(
      DnsServerConfig config, QueryHandler queries, Forwarder forwarder) {
    SafeHandler handler = new SafeHandler(queries);
    // With port 0 UDP picks a free port and TCP must get the same one; retry if it is taken.
    for (int attempt = 1; ; attempt++) {
      UdpListener udp = null;
      try {
        int port = config.port();
        if (config.transports().contains(Transport.UDP)) {
          udp = bindUdp(config, port, handler);
          port = udp.address().getPort();
        }
        TcpListener tcp = null;
        if (config.transports().contains(Transport.TCP)) {
          tcp = new TcpListener(bindTcp(config, port), handler, config);
          port = tcp.address().getPort();
        }
        DnsServer server = new DnsServer(udp, tcp, port, queries, forwarder);
        if (udp != null) {
          udp.start();
        }
        if (tcp != null) {
          tcp.start();
        }
        LOG.info(
            "DNS listening on {} port {} ({})",
            IpAddresses.format(config.bindAddress()),
            port,
            transportsListening(tcp, udp));
        return server;
      } catch (DnsBindException e) {
        if (udp != null) {
          udp.close();
        }
        if (config.port() != 0 || attempt >= FREE_PORT_ATTEMPTS) {
          queries.close();
          throw e;
        }
      } catch (IOException e) {
        if (udp != null) {
          udp.close();
        }
        queries.close();
        throw new DnsBindException("DNS cannot start: " + e.getMessage(), e, false);
      }
    }
  }

  /** "tcp, udp": the transports listening. */
  private static String transportsListening(TcpListener tcp, UdpListener udp) {
    List<String> listening = new ArrayList<>();
    if (tcp != null) {
      listening.add(Transport.TCP.label());
    }
    if (udp != null) {
      listening.add(Transport.UDP.label());
    }
    return String.join(", ", listening);
  }

  /** The port both transports listen on (the chosen one when configured as 0). */
  public int port() {
    return port;
  }

  /** Answers given so far, by question type and rcode. */
  public QueryCounters counters() {
    return counters;
  }

  /** What forwards names outside the zone, when forwarding is on: its metrics bind from here. */
  public Optional<Forwarder> forwarder() {
    return Optional.ofNullable(forwarder);
  }

  /** TCP connections being served now; for tests of the connection cap. */
  public int activeTcpConnections() {
    return tcp == null ? 0 : tcp.activeConnections();
  }

  /** Stops accepting, lets answers in flight finish, and releases the ports. */
  @Override
  public void close() {
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      tcp.close();
    }
    if (forwarder != null) {
      forwarder.close();
    }
    queries.close();
    LOG.info("DNS stopped");
  }

  private static List<Name> apexes(Resolver resolver) {
    List<Name> apexes = new ArrayList<>();
    for (String domain : resolver.config().domains()) {
      try {
        apexes.add(Name.fromString(domain + "."));
      } catch (TextParseException e) {
        throw new IllegalStateException("invalid domain " + domain, e);
      }
    }
    return apexes;
  }

  private static UdpListener bindUdp(DnsServerConfig config, int port, SafeHandler handler)
      throws IOException {
    try {
      InetSocketAddress address = new InetSocketAddress(config.bindAddress(), port);
      return new UdpListener(UdpListener.bind(address), handler, config.udpWorkers());
    } catch (SocketException e) {
      throw bindFailure(config, port, Transport.UDP, e);
    }
  }

  private static ServerSocket bindTcp(DnsServerConfig config, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(config.bindAddress(), port), BACKLOG);
      return server;
    } catch (SocketException e) {
      server.close();
      throw bindFailure(config, port, Transport.TCP, e);
    }
  }

  private static DnsBindException bindFailure(
      DnsServerConfig config, int port, Transport transport, SocketException e) {
    String where =
        IpAddresses.format(config.bindAddress()) + " port " + port + "/" + transport.label();
    return new DnsBindException(
        "DNS cannot listen on " + where + ": " + BindFailures.reason(e),
        e,
        BindFailures.deniedPrivilegedPort(e));
  }
}
