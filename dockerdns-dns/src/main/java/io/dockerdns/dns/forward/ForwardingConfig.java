package io.dockerdns.dns.forward;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the DNS server does with names outside its own zone: which servers it asks, who may ask it,
 * and how answers are kept.
 *
 * @param upstreams the servers asked for every other name, in order of preference
 * @param zones zones sent to their own servers instead
 * @param allowedClients who may have names forwarded
 * @param cache how answers are kept
 * @param tryTimeout how long one server is waited for before the next is asked
 * @param deadline how long a client waits in all before SERVFAIL (or a stale answer)
 * @param maxInFlight questions being asked upstream at once; past it, SERVFAIL
 * @param maxFails failures in a row after which a server is skipped until a probe finds it back
 * @param probeInterval how often a skipped server is probed
 */
public record ForwardingConfig(
    List<Upstream> upstreams,
    List<ForwardZone> zones,
    AllowedClients allowedClients,
    CacheSettings cache,
    Duration tryTimeout,
    Duration deadline,
    int maxInFlight,
    int maxFails,
    Duration probeInterval) {

  public ForwardingConfig {
    upstreams = List.copyOf(upstreams);
    zones = List.copyOf(zones);
    Objects.requireNonNull(allowedClients, "allowedClients");
    Objects.requireNonNull(cache, "cache");
    if (upstreams.isEmpty() && zones.isEmpty()) {
      throw new IllegalArgumentException("forwarding needs at least one upstream or zone");
    }
    for (Duration d : List.of(tryTimeout, deadline, probeInterval)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("forwarding time " + d + " must be positive");
      }
    }
    if (maxInFlight < 1 || maxFails < 1) {
      throw new IllegalArgumentException("forwarding limits must be at least 1");
    }
  }

  /**
   * Forwarding to these servers with the defaults: loopback and containers may ask, the default
   * cache, 800 ms a try, SERVFAIL after 1.8 s, 1,000 questions upstream at once, a server skipped
   * after 3 failures in a row and probed every second.
   */
  public static ForwardingConfig to(List<Upstream> upstreams) {
    return new ForwardingConfig(
        upstreams,
        List.of(),
        AllowedClients.DEFAULT,
        CacheSettings.DEFAULT,
        Duration.ofMillis(800),
        Duration.ofMillis(1800),
        1000,
        3,
        Duration.ofSeconds(1));
  }

  public ForwardingConfig withZones(List<ForwardZone> newZones) {
    return new ForwardingConfig(
        upstreams,
        newZones,
        allowedClients,
        cache,
        tryTimeout,
        deadline,
        maxInFlight,
        maxFails,
        probeInterval);
  }

  public ForwardingConfig withAllowedClients(AllowedClients clients) {
    return new ForwardingConfig(
        upstreams,
        zones,
        clients,
        cache,
        tryTimeout,
        deadline,
        maxInFlight,
        maxFails,
        probeInterval);
  }

  public ForwardingConfig withCache(CacheSettings newCache) {
    return new ForwardingConfig(
        upstreams,
        zones,
        allowedClients,
        newCache,
        tryTimeout,
        deadline,
        maxInFlight,
        maxFails,
        probeInterval);
  }

  public ForwardingConfig withTimes(Duration newTryTimeout, Duration newDeadline) {
    return new ForwardingConfig(
        upstreams,
        zones,
        allowedClients,
        cache,
        newTryTimeout,
        newDeadline,
        maxInFlight,
        maxFails,
        probeInterval);
  }

  public ForwardingConfig withMaxInFlight(int most) {
    return new ForwardingConfig(
        upstreams,
        zones,
        allowedClients,
        cache,
        tryTimeout,
        deadline,
        most,
        maxFails,
        probeInterval);
  }

  /** The servers for {@code name}: the longest forward zone covering it, else the upstreams. */
  List<Upstream> serversFor(org.xbill.DNS.Name name) {
    ForwardZone best = null;
    for (ForwardZone z : zones) {
      if (z.covers(name) && (best == null || z.zone().labels() > best.zone().labels())) {
        best = z;
      }
    }
    return best != null ? best.upstreams() : upstreams;
  }
}
