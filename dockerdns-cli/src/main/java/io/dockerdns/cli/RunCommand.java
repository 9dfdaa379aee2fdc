package io.dockerdns.cli;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.DnsBindException;
import io.dockerdns.dns.DnsServer;
import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dockerdns run}: follows the engine and serves DNS until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Follow the Docker Engine and serve its containers' names until stopped (Ctrl-C, SIGTERM).",
      "With no adapter flag, DNS is started."
    },
    footer = {
      "",
      "Examples:",
      "  dockerdns run --dns-port 5353          # dig @127.0.0.1 -p 5353 web.docker",
      "  sudo dockerdns run --dns-bind 0.0.0.0  # port 53 on every interface",
      "  dockerdns run --dns-port 5353 --nxdomain --domain containers.local"
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(3);

  @Option(names = "--dns", description = "Serve DNS (the default when no adapter is named).")
  boolean dns;

  @Option(
      names = "--dns-bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address DNS listens on (default: ${DEFAULT-VALUE}).")
  String dnsBind;

  @Option(
      names = "--dns-port",
      paramLabel = "PORT",
      defaultValue = "53",
      description = "Port DNS listens on (default: ${DEFAULT-VALUE}).")
  int dnsPort;

  @Option(
      names = "--dns-protocols",
      paramLabel = "PROTOCOL",
      split = ",",
      defaultValue = "udp,tcp",
      description = "udp, tcp or both, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> dnsProtocols;

  // Boolean, not boolean: null means "not given", and picocli's negatable flags with a default
  // of true would flip that default instead of setting the value.
  @Option(
      names = "--nxdomain",
      negatable = true,
      description =
          "Answer NXDOMAIN for a missing name; --no-nxdomain (the default, as the original"
              + " program's no_nxdomain) answers SERVFAIL.")
  Boolean nxdomain;

  @Option(
      names = "--authoritative",
      negatable = true,
      description = "Set the AA flag on answers from the zone (default: on).")
  Boolean authoritative;

  @Option(
      names = "--host-address",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "Address SRV targets resolve to for ports published on every host interface"
              + " (default: ${DEFAULT-VALUE}).")
  String hostAddress;

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    DnsServerConfig dnsConfig = dnsConfig();
    NamingConfig naming =
        new NamingConfig(
            engineOptions.domain, List.of(), IpAddresses.require(hostAddress, "--host-address"));

    DockerDns registry = DockerDns.create(engineOptions.engine(), naming);
    DnsServer server;
    try {
      server = DnsServer.start(dnsConfig, registry.resolver(), registry::snapshot);
    } catch (DnsBindException e) {
      registry.close();
      throw e;
    }
    Shutdown shutdown =
        Shutdown.install(
            () -> {
              server.close();
              registry.close();
            });
    registry.start();
    if (!registry.awaitSync(FIRST_SYNC_WAIT)) {
      LOG.warn(
          "no answer yet from the Docker Engine at {}: names under .{} get SERVFAIL until the"
              + " first sync; still trying",
          registry.engineStats().dockerUrl(),
          naming.domain());
    }
    shutdown.await();
    return 0;
  }

  DnsServerConfig dnsConfig() {
    InetAddress bind = IpAddresses.require(dnsBind, "--dns-bind");
    if (dnsPort < 0 || dnsPort > 65535) {
      throw new IllegalArgumentException("--dns-port " + dnsPort + " is outside 0-65535");
    }
    Set<Transport> transports = EnumSet.noneOf(Transport.class);
    for (String p : dnsProtocols) {
      transports.add(
          Transport.parse(p)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--dns-protocols '" + p + "' is not one of udp, tcp")));
    }
    return DnsServerConfig.builder()
        .bind(bind, dnsPort)
        .transports(transports)
        .ttl(engineOptions.validTtl())
        .nxdomain(nxdomain != null ? nxdomain : DnsServerConfig.DEFAULT.nxdomain())
        .authoritative(
            authoritative != null ? authoritative : DnsServerConfig.DEFAULT.authoritative())
        .build();
  }
}
