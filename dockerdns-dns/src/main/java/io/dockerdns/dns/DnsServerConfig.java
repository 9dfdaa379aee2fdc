package io.dockerdns.dns;

import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How the DNS server listens and answers.
 *
 * @param bindAddress the address to listen on (default 127.0.0.1)
 * @param port the port, 0 for any free one (default 53)
 * @param transports UDP, TCP or both (default both)
 * @param ttl the TTL of every answer, and the zone's negative-caching TTL, in seconds (default 10)
 * @param nxdomain answer NXDOMAIN for missing names; false answers SERVFAIL, the original program's
 *     {@code no_nxdomain} (default false)
 * @param authoritative set AA on answers from the zone (default true)
 * @param tcpIdleTimeout how long a TCP connection may wait between queries (default 10 s)
 * @param tcpReadTimeout how long a started TCP message may take to arrive whole (default 2 s)
 * @param maxTcpConnections TCP connections served at once; a newcomer past it takes the place of
 *     the one that has done least lately (default 64)
 * @param udpWorkers threads answering UDP, sharing one socket (default 1: more cost more CPU per
 *     query, docs/performance.md)
 * @param rateLimit UDP replies a second per client prefix, 0 for none; empty for {@value
 *     #DEFAULT_RATE_LIMIT} when listening off loopback and none on loopback (the default)
 * @param logQueries log one line per question answered (default off; see {@link QueryLog})
 */
public record DnsServerConfig(
    InetAddress bindAddress,
    int port,
    Set<Transport> transports,
    int ttl,
    boolean nxdomain,
    boolean authoritative,
    Duration tcpIdleTimeout,
    Duration tcpReadTimeout,
    int maxTcpConnections,
    int udpWorkers,
    OptionalInt rateLimit,
    boolean logQueries) {

  /** The defaults: 127.0.0.1:53 over UDP and TCP, TTL 10, SERVFAIL for missing names. */
  public static final DnsServerConfig DEFAULT =
      new DnsServerConfig(
          IpAddresses.require("127.0.0.1", "bind address"),
          53,
          EnumSet.allOf(Transport.class),
          10,
          false,
          true,
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          64,
          1,
          OptionalInt.empty(),
          false);

  /** The replies a second per client prefix when the limit is on by default. */
  public static final int DEFAULT_RATE_LIMIT = 100;

  /** The replies a second per client prefix that apply: 0 when there is no limit. */
  public int effectiveRateLimit() {
    return rateLimit.orElse(bindAddress.isLoopbackAddress() ? 0 : DEFAULT_RATE_LIMIT);
  }

  /** The largest TTL accepted: one week. */
  public static final int MAX_TTL = 604_800;

  public DnsServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("DNS port " + port + " is outside 0-65535");
    }
    if (transports == null || transports.isEmpty()) {
      throw new IllegalArgumentException("DNS needs at least one protocol: udp, tcp");
    }
    transports = Set.copyOf(transports);
    if (ttl < 0 || ttl > MAX_TTL) {
      throw new IllegalArgumentException("TTL " + ttl + " is outside 0-" + MAX_TTL + " seconds");
    }
    requirePositive(tcpIdleTimeout, "TCP idle timeout");
    requirePositive(tcpReadTimeout, "TCP read timeout");
    if (maxTcpConnections < 1) {
      throw new IllegalArgumentException("max TCP connections must be at least 1");
    }
    if (udpWorkers < 1) {
      throw new IllegalArgumentException("UDP workers must be at least 1");
    }
    Objects.requireNonNull(rateLimit, "rateLimit");
    if (rateLimit.isPresent() && rateLimit.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "the rate limit must be 0 (none) or more replies a second, got " + rateLimit.getAsInt());
    }
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a configuration one setting at a time; {@link #build()} validates the whole. */
  public static final class Builder {
    private InetAddress bindAddress;
    private int port;
    private Set<Transport> transports;
    private int ttl;
    private boolean nxdomain;
    private boolean authoritative;
    private Duration tcpIdleTimeout;
    private Duration tcpReadTimeout;
    private int maxTcpConnections;
    private int udpWorkers;
    private OptionalInt rateLimit;
    private boolean logQueries;

    private Builder(DnsServerConfig from) {
      bindAddress = from.bindAddress;
      port = from.port;
      transports = from.transports;
      ttl = from.ttl;
      nxdomain = from.nxdomain;
      authoritative = from.authoritative;
      tcpIdleTimeout = from.tcpIdleTimeout;
      tcpReadTimeout = from.tcpReadTimeout;
      maxTcpConnections = from.maxTcpConnections;
      udpWorkers = from.udpWorkers;
      rateLimit = from.rateLimit;
      logQueries = from.logQueries;
    }

    public Builder bind(InetAddress address, int newPort) {
      this.bindAddress = address;
      this.port = newPort;
      return this;
    }

    public Builder transports(Set<Transport> newTransports) {
      this.transports = newTransports;
      return this;
    }

    public Builder ttl(int seconds) {
      this.ttl = seconds;
      return this;
    }

    public Builder nxdomain(boolean answerNxdomain) {
      this.nxdomain = answerNxdomain;
      return this;
    }

    public Builder authoritative(boolean setAa) {
      this.authoritative = setAa;
      return this;
    }

    public Builder tcpLimits(Duration idle, Duration read, int maxConnections) {
      this.tcpIdleTimeout = idle;
      this.tcpReadTimeout = read;
      this.maxTcpConnections = maxConnections;
      return this;
    }

    public Builder udpWorkers(int workers) {
      this.udpWorkers = workers;
      return this;
    }

    /** UDP replies a second per client prefix; 0 for none. */
    public Builder rateLimit(int repliesPerSecond) {
      this.rateLimit = OptionalInt.of(repliesPerSecond);
      return this;
    }

    /** One log line per question answered. */
    public Builder logQueries(boolean log) {
      this.logQueries = log;
      return this;
    }

    /** The rate limit by the bind address: {@value #DEFAULT_RATE_LIMIT} off loopback, none on. */
    public Builder rateLimitByAddress() {
      this.rateLimit = OptionalInt.empty();
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the first bad setting
     */
    public DnsServerConfig build() {
      return new DnsServerConfig(
          bindAddress,
          port,
          transports,
          ttl,
          nxdomain,
          authoritative,
          tcpIdleTimeout,
          tcpReadTimeout,
          maxTcpConnections,
          udpWorkers,
          rateLimit,
          logQueries);
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
