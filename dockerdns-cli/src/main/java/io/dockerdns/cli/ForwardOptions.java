package io.dockerdns.cli;

import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.forward.AllowedClients;
import io.dockerdns.dns.forward.CacheSettings;
import io.dockerdns.dns.forward.ForwardZone;
import io.dockerdns.dns.forward.ForwardingConfig;
import io.dockerdns.dns.forward.SystemResolvers;
import io.dockerdns.dns.forward.Upstream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code run}'s forwarding options: dockerdns as the one resolver, answering every other name by
 * asking upstreams. Each is also a config key.
 */
final class ForwardOptions {

  @Option(
      names = "--forward",
      paramLabel = "ADDRESS[:PORT]",
      description =
          "Answer every name outside the domain by asking this server (repeatable, in order of"
              + " preference; IPv6 as [ADDRESS]:PORT); 'system' takes the nameservers of"
              + " --resolv-conf (config: forward; default: none, such names are REFUSED).")
  List<String> forward;

  @Option(
      names = "--forward-zone",
      paramLabel = "ZONE=ADDRESS[:PORT]",
      description =
          "Send names at and below ZONE to these servers instead, several separated by commas"
              + " (repeatable; split DNS for a VPN or company zone) (config: forward_zone).")
  List<String> forwardZone;

  @Option(
      names = "--resolv-conf",
      paramLabel = "FILE",
      description =
          "Where --forward system reads nameservers; when it lists only systemd-resolved's"
              + " 127.0.0.53, /run/systemd/resolve/resolv.conf is read instead (config:"
              + " resolv_conf; default: /etc/resolv.conf).")
  String resolvConf;

  @Option(
      names = "--remember-upstreams",
      paramLabel = "FILE",
      description =
          "Where --forward system keeps the upstreams it found, for a later start that finds only"
              + " this server in --resolv-conf (config: remember_upstreams; default:"
              + " $STATE_DIRECTORY/system-upstreams under systemd, else"
              + " ~/.dockerdns/system-upstreams).")
  String rememberUpstreams;

  @Option(
      names = "--allow-recursion",
      paramLabel = "CIDR",
      split = ",",
      description =
          "Clients whose forwarded names are answered: address blocks, 'loopback', 'containers'"
              + " (the running containers' addresses); others get REFUSED for them (config:"
              + " allow_recursion; default: loopback,containers).")
  List<String> allowRecursion;

  @Option(
      names = "--cache-size",
      paramLabel = "N",
      description = "Forwarded answers kept, 0 for none (config: cache.size; default: 10000).")
  String cacheSize;

  @Option(
      names = "--cache-min-ttl",
      paramLabel = "SECONDS",
      description =
          "Keep forwarded answers at least this long, whatever their TTL (config:"
              + " cache.min_ttl; default: 0).")
  String cacheMinTtl;

  @Option(
      names = "--cache-max-ttl",
      paramLabel = "SECONDS",
      description =
          "Keep forwarded answers at most this long before asking again (config: cache.max_ttl;"
              + " default: 86400).")
  String cacheMaxTtl;

  @Option(
      names = "--serve-stale",
      negatable = true,
      description =
          "When every upstream fails, answer from expired data with TTL 30, kept up to a day"
              + " (RFC 8767) (config: cache.serve_stale; default: on).")
  Boolean serveStale;

  /** Whether forwarding is asked for, on the command line or in the file. */
  boolean enabled(SharedOptions shared) {
    Choices c = shared.choices();
    return !c.values(Settings.FORWARD, forward).isEmpty()
        || !c.values(Settings.FORWARD_ZONE, forwardZone).isEmpty();
  }

  /** The forwarding configuration, or null when forwarding is off. */
  ForwardingConfig config(SharedOptions shared, DnsServerConfig dns) {
    Choices c = shared.choices();
    List<ForwardTarget> targets = c.values(Settings.FORWARD, forward);
    List<ForwardZone> zones = c.values(Settings.FORWARD_ZONE, forwardZone);
    Path resolv = c.value(Settings.RESOLV_CONF, resolvConf);
    Path remembered = c.value(Settings.REMEMBER_UPSTREAMS, rememberUpstreams);
    AllowedClients allowed =
        AllowedClients.parse(c.values(Settings.ALLOW_RECURSION, allowRecursion));
    int size = c.value(Settings.CACHE_SIZE, cacheSize);
    int minTtl = c.value(Settings.CACHE_MIN_TTL, cacheMinTtl);
    int maxTtl = c.value(Settings.CACHE_MAX_TTL, cacheMaxTtl);
    boolean stale = c.given(Settings.SERVE_STALE, serveStale);
    if (targets.isEmpty() && zones.isEmpty()) {
      return null;
    }
    List<Upstream> upstreams = new ArrayList<>();
    for (ForwardTarget target : targets) {
      if (target.upstream().isPresent()) {
        upstreams.add(notSelf(target.upstream().get(), dns, "--forward"));
      } else {
        upstreams.addAll(systemResolvers(resolv, remembered, dns));
      }
    }
    zones.forEach(zone -> zone.upstreams().forEach(u -> notSelf(u, dns, "--forward-zone")));
    CacheSettings cache;
    try {
      cache =
          CacheSettings.DEFAULT.withSize(size).withTtlBounds(minTtl, maxTtl).withServeStale(stale);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--cache-size/--cache-min-ttl/--cache-max-ttl: " + e.getMessage(), e);
    }
    return ForwardingConfig.to(List.copyOf(upstreams))
        .withZones(zones)
        .withAllowedClients(allowed)
        .withCache(cache);
  }

  private static List<Upstream> systemResolvers(Path resolv, Path remembered, DnsServerConfig dns) {
    try {
      return SystemResolvers.read(
          resolv, SystemResolvers.SYSTEMD_RESOLV_CONF, remembered, u -> isSelf(u, dns));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--forward system: "
              + e.getMessage()
              + " (--forward ADDRESS[:PORT], or another file with --resolv-conf FILE)",
          e);
    }
  }

  private static Upstream notSelf(Upstream upstream, DnsServerConfig dns, String option) {
    if (isSelf(upstream, dns)) {
      throw new IllegalArgumentException(
          option
              + " "
              + upstream
              + " is this server itself (DNS listens there): forwarding to it would loop");
    }
    return upstream;
  }

  /** Whether DNS answers at the upstream's address and port: this process. */
  static boolean isSelf(Upstream upstream, DnsServerConfig dns) {
    if (upstream.port() != dns.port()) {
      return false;
    }
    InetAddress bind = dns.bindAddress();
    if (!bind.isAnyLocalAddress()) {
      return bind.equals(upstream.ip());
    }
    try {
      return upstream.ip().isLoopbackAddress()
          || NetworkInterface.getByInetAddress(upstream.ip()) != null;
    } catch (SocketException e) {
      return false;
    }
  }
}
