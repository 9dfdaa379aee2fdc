package io.dockerdns.cli;

import io.dockerdns.console.ConsoleConfig;
import io.dockerdns.console.ConsoleInputs;
import io.dockerdns.console.ConsoleServer;
import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.StaticRecord;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.dns.DnsServer;
import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.forward.ForwardingConfig;
import io.dockerdns.sftp.SftpServer;
import io.dockerdns.sftp.SftpServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dockerdns run}: follows the engine and serves DNS until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Follow the Docker Engine and serve its containers' names until stopped (Ctrl-C, SIGTERM).",
      "A server starts when its flag or one of its settings is given on the command line"
          + " (--dns-port 5300 starts DNS, --console-port the console); with none named, DNS."
          + " --dns --sftp --console starts all three, sharing one registry and one engine"
          + " connection."
    },
    footer = {
      "",
      "Examples:",
      "  dockerdns run --dns-port 5300          # dig @127.0.0.1 -p 5300 web.docker",
      "  sudo dockerdns run --dns-bind 0.0.0.0  # port 53 on every interface",
      "  dockerdns run --dns-port 5300 --nxdomain --domain containers.local",
      "  dockerdns run --dns-port 5300 --console   # console on http://127.0.0.1:8053/",
      "  dockerdns run --sftp                   # sftp -P 10022 CONTAINER@localhost",
      "  dockerdns run --dns --sftp --sftp-writable --console"
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(3);

  @Option(names = "--dns", description = "Serve DNS (the default when no adapter is named).")
  boolean dns;

  @Option(names = "--console", description = "Serve the HTTP console.")
  boolean console;

  @Option(
      names = "--console-bind",
      paramLabel = "ADDRESS",
      description =
          "Address the console listens on (config: console.bind; default: 127.0.0.1); off"
              + " loopback it needs --console-token.")
  String consoleBind;

  @Option(
      names = "--console-port",
      paramLabel = "PORT",
      description = "Port the console listens on (config: console.port; default: 8053).")
  String consolePort;

  @Option(
      names = "--console-token",
      paramLabel = "TOKEN",
      description =
          "Require 'Authorization: Bearer TOKEN' on every console request (config:"
              + " console.token).")
  String consoleToken;

  @Option(
      names = "--dns-bind",
      paramLabel = "ADDRESS",
      description = "Address DNS listens on (config: bind_interface; default: 127.0.0.1).")
  String dnsBind;

  @Option(
      names = "--dns-port",
      paramLabel = "PORT",
      description = "Port DNS listens on (config: bind_port; default: 53).")
  String dnsPort;

  @Option(
      names = "--dns-protocols",
      paramLabel = "PROTOCOL",
      split = ",",
      description = "udp, tcp or both, comma-separated (config: bind_protocols; default: udp,tcp).")
  List<String> dnsProtocols;

  @Option(
      names = "--dns-rate-limit",
      paramLabel = "N",
      description =
          "UDP replies a second per client prefix (/24, /56); past it, every second reply goes"
              + " out empty with TC=1 and the rest are dropped; 0 turns it off (config: rate_limit;"
              + " default: 100 when --dns-bind is not loopback, off on loopback).")
  String dnsRateLimit;

  // Boolean, not boolean: null means "not given", and picocli's negatable flags with a default
  // of true would flip that default instead of setting the value.
  @Option(
      names = "--nxdomain",
      negatable = true,
      description =
          "Answer NXDOMAIN for a missing name; --no-nxdomain answers SERVFAIL, as the original"
              + " program's no_nxdomain (config: no_nxdomain; default: --no-nxdomain, but"
              + " --nxdomain with --forward: then no other server is asked).")
  Boolean nxdomain;

  @Option(
      names = "--authoritative",
      negatable = true,
      description =
          "Set the AA flag on answers from the zone (config: authoritative; default: on).")
  Boolean authoritative;

  @Option(
      names = "--log-queries",
      negatable = true,
      description =
          "Log one line per question: client, transport, name, type, rcode, time taken, and"
              + " registry, cache or upstream; at most 1000 lines a second, never holding up an"
              + " answer (config: log_queries; default: off).")
  Boolean logQueries;

  @Option(
      names = "--print-config",
      description = "Print the effective configuration and where each value came from, then exit.")
  boolean printConfig;

  @Spec CommandSpec spec;

  @Mixin SharedOptions shared;

  @Mixin SftpOptions sftp;

  @Mixin ForwardOptions forwarding;

  @Override
  public Integer call() throws Exception {
    DnsServerConfig dnsConfig = dnsConfig();
    ForwardingConfig forwardingConfig = forwarding.config(shared, dnsConfig);
    NamingConfig naming = shared.naming();
    List<StaticRecord> records = shared.records(naming.domains());
    List<Path> hostsFiles = shared.hostsFiles();
    List<EngineSettings> engines = shared.engines();
    Servers asked = Servers.asked(this, spec.commandLine().getParseResult());
    ConsoleConfig consoleConfig = asked.console() ? consoleConfig() : null;
    SftpServerConfig sftpConfig = asked.sftp() ? sftp.config(shared) : null;
    if (printConfig) {
      printEffectiveConfig(spec.commandLine().getOut());
      return 0;
    }

    boolean serveDns = asked.dns();

    DockerDns registry =
        DockerDns.create(engines, naming, shared.swarmPoll())
            .withStaticRecords(records, hostsFiles);
    // The engine is read on its own thread while the servers start: the two overlap (start-up to
    // the first right answer with 100 containers, bench/startup.sh: see the commit).
    registry.start();
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      DnsServer server = null;
      if (serveDns) {
        server =
            DnsServer.start(dnsConfig, registry.resolver(), registry::snapshot, forwardingConfig);
        parts.add(server);
      }
      if (consoleConfig != null) {
        // One metrics registry for every part, made only when the console is there to render it.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bindTo(meters);
        if (server != null) {
          server.counters().bindTo(meters);
          server.forwarder().ifPresent(f -> f.bindTo(meters));
        }
        parts.add(
            ConsoleServer.start(
                consoleConfig,
                new ConsoleInputs(
                    registry::snapshot,
                    registry::subscribe,
                    registry.resolver(),
                    registry::refresh,
                    meters)));
      }
      if (sftpConfig != null) {
        parts.add(SftpServer.start(sftpConfig, registry.resolver(), registry::snapshot));
      }
    } catch (RuntimeException e) {
      // One part failing to start stops the others.
      closeAll(parts);
      registry.close();
      throw e;
    }
    Shutdown shutdown =
        Shutdown.install(
            () -> {
              closeAll(parts);
              registry.close();
            });
    if (!registry.awaitSync(FIRST_SYNC_WAIT)) {
      LOG.warn(
          "no answer yet from {}: {}; still trying",
          unsynced(registry),
          registry.snapshot().freshness().state() == Freshness.State.NEVER_SYNCED
              ? "names under ." + naming.domain() + " get SERVFAIL until the first sync"
              : "the names of the others answer meanwhile");
    }
    shutdown.await();
    return 0;
  }

  /** The engines not read yet, named for the log. */
  private static String unsynced(DockerDns registry) {
    List<String> engines = new ArrayList<>();
    registry
        .snapshot()
        .sources()
        .forEach(
            (engine, f) -> {
              if (f.state() == Freshness.State.NEVER_SYNCED) {
                engines.add("the Docker Engine at " + engine);
              }
            });
    return engines.isEmpty() ? "one engine" : String.join(", ", engines);
  }

  ConsoleConfig consoleConfig() {
    Choices c = shared.choices();
    return new ConsoleConfig(
        c.value(Settings.CONSOLE_BIND, consoleBind),
        c.value(Settings.CONSOLE_PORT, consolePort),
        Optional.ofNullable(c.value(Settings.CONSOLE_TOKEN, consoleToken)));
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part, e.toString());
      }
    }
  }

  DnsServerConfig dnsConfig() {
    Choices c = shared.choices();
    DnsServerConfig.Builder dns =
        DnsServerConfig.builder()
            .bind(c.value(Settings.DNS_BIND, dnsBind), c.value(Settings.DNS_PORT, dnsPort))
            .transports(EnumSet.copyOf(c.values(Settings.DNS_PROTOCOLS, dnsProtocols)));
    // Forwarding makes this server the client's only one: SERVFAIL would send it to retry.
    boolean nxdomainByDefault = Settings.NXDOMAIN.defaultValue() || forwarding.enabled(shared);
    c.value(Settings.DNS_RATE_LIMIT, dnsRateLimit)
        .ifPresentOrElse(dns::rateLimit, dns::rateLimitByAddress);
    return dns.ttl(shared.ttl())
        .nxdomain(c.given(Settings.NXDOMAIN, nxdomain, nxdomainByDefault))
        .authoritative(c.given(Settings.AUTHORITATIVE, authoritative))
        .logQueries(c.given(Settings.LOG_QUERIES, logQueries))
        .build();
  }

  private void printEffectiveConfig(PrintWriter out) {
    ConfigFile file = shared.file();
    out.println(
        file.source() == null
            ? "# no config file (./dockerdns.json does not exist; --config names one)"
            : "# " + file.origin());
    shared
        .choices()
        .chosen()
        .forEach(
            (option, chosen) ->
                out.printf("%-26s %-30s %s%n", option, chosen.shown(), chosen.origin()));
    out.flush();
  }
}
