package io.dockerdns.cli;

import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.StaticRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Options every command shares (the engine, the naming, the configuration file), and the {@link
 * Choices} every command's settings are made through. Options hold what was typed (null: not
 * given); each is read by its setting's type once, as the config file's values are.
 */
final class SharedOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (default: ./dockerdns.json when it exists).")
  Path config;

  @Option(
      names = "--docker-url",
      paramLabel = "URL",
      description =
          "Docker Engine address: unix:///var/run/docker.sock unless $DOCKER_HOST is set."
              + " Repeat it to follow several engines at once; names answer from all of them"
              + " (config: docker_url, a string or a list; an entry may be {\"url\": ...,"
              + " \"cert_path\": ...}).")
  List<String> dockerUrl;

  @Option(
      names = "--docker-cert-path",
      paramLabel = "DIR",
      description =
          "TLS to a tcp:// or https:// engine with DIR's ca.pem, cert.pem and key.pem (config:"
              + " docker_cert_path; default: $DOCKER_CERT_PATH, else ~/.docker, used for https://"
              + " and when $DOCKER_TLS_VERIFY is set).")
  String dockerCertPath;

  @Option(
      names = "--docker-timeout",
      paramLabel = "SECONDS",
      description =
          "How long the engine may take to answer a list, inspect or ping before it counts as not"
              + " answering: its names are kept, marked stale, until it answers again (config:"
              + " docker_timeout; default: 5).")
  String dockerTimeout;

  @Option(
      names = "--swarm-poll",
      paramLabel = "SECONDS",
      description =
          "How often a swarm that an engine manages is read again when nothing changes (services,"
              + " tasks, nodes; service and node events and converging services read it sooner);"
              + " 0 follows no swarm (config: swarm_poll; default: 2).")
  String swarmPoll;

  @Option(
      names = "--host-address",
      paramLabel = "ADDRESS",
      description =
          "Address SRV targets resolve to for ports published on every host interface (config:"
              + " host_address; default: 127.0.0.1).")
  String hostAddress;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description =
          "Domain the container names live under; repeatable: every name answers under each, the"
              + " first names containers in PTR answers (config: domain; default: docker).")
  List<String> domain;

  @Option(
      names = "--ttl",
      paramLabel = "SECONDS",
      description = "Time to live of every answer, 0-604800 (config: ttl; default: 10).")
  String ttl;

  @Option(
      names = "--health",
      paramLabel = "follow|ignore",
      description =
          "follow: a container with a health check answers only while it is healthy (starting"
              + " and unhealthy ones answer NODATA); ignore: answer whatever the check says; a"
              + " container's label dockerdns.health=ignore does so for it alone (config: health;"
              + " default: follow).")
  String health;

  @Option(
      names = "--network",
      paramLabel = "NET",
      description =
          "Preference order of networks: a container on one of them is answered with its address"
              + " on the first it is on, else with all its addresses; repeatable (config:"
              + " networks; a container's label dockerdns.network=NET[,NET] wins).")
  List<String> network;

  @Option(
      names = "--compat",
      paramLabel = "TOOL[,TOOL]",
      description =
          "Read another tool's container labels as the dockerdns labels they mean: dnsdock"
              + " (com.dnsdock.alias, com.dnsdock.ignore), dps (dps.container.enabled);"
              + " repeatable (config: compat; default: none).")
  List<String> compat;

  @Option(
      names = "--record",
      paramLabel = "NAME=ADDRESS",
      description =
          "A name that is no container's: NAME.DOMAIN answers ADDRESS (A or AAAA, and PTR for"
              + " ADDRESS); NAME may end with the domain; repeatable; a container holding the name"
              + " wins (config: records).")
  List<String> record;

  @Option(
      names = "--hosts-file",
      paramLabel = "FILE",
      description =
          "Records from a hosts file (ADDRESS NAME [NAME...] per line, as /etc/hosts), followed"
              + " for changes; repeatable (config: hosts_file).")
  List<String> hostsFile;

  // Boolean, not boolean: null means "not given" (see RunCommand's --nxdomain).
  @Option(
      names = "--expose-by-default",
      negatable = true,
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      description =
          "Name every container but those labelled dockerdns.enable=false; with"
              + " --no-expose-by-default (or =false), only those labelled dockerdns.enable=true"
              + " (config: expose_by_default; default: true).")
  Boolean exposeByDefault;

  @Option(
      names = "--answer",
      paramLabel = "container|published|both|auto",
      description =
          "Which address A/AAAA answers give: container, a container's own; published, the host's"
              + " (--host-address, or a binding's own address) for a container that publishes a"
              + " port, none for one that does not (rootless engines, Docker Desktop: what the host"
              + " can reach); both, published where a container publishes a port, else its own;"
              + " auto, published for an engine that says it is rootless or Docker Desktop, else"
              + " container (config: answer; default: container).")
  String answer;

  private Choices choices;

  /** How settings are chosen, with the configuration file in force (read once). */
  Choices choices() {
    if (choices == null) {
      choices = new Choices(ConfigFile.find(config));
    }
    return choices;
  }

  /** The configuration file in force. */
  ConfigFile file() {
    return choices().file();
  }

  /** How often a managed swarm is read when quiet; zero to follow none. */
  Duration swarmPoll() {
    return choices().value(Settings.SWARM_POLL, swarmPoll);
  }

  /** The engines to follow, in the order given; one (DOCKER_HOST's, else the default) if none. */
  List<EngineSettings> engines() {
    Choices c = choices();
    List<EngineAddress> addresses = c.values(Settings.DOCKER_URL, dockerUrl);
    Path certs = c.value(Settings.DOCKER_CERT_PATH, dockerCertPath);
    Duration timeout = c.value(Settings.DOCKER_TIMEOUT, dockerTimeout);
    if (addresses.isEmpty()) {
      EngineSettings settings =
          EngineSettings.forUrl(null, certs, System.getenv()).withRequestTimeout(timeout);
      c.record(
          Settings.DOCKER_URL,
          List.of(new EngineAddress(settings.dockerUrl(), null)),
          System.getenv("DOCKER_HOST") != null ? "environment DOCKER_HOST" : "default");
      return List.of(settings);
    }
    List<EngineSettings> engines = new ArrayList<>();
    for (EngineAddress address : addresses) {
      EngineSettings settings =
          address.settings(certs, System.getenv()).withRequestTimeout(timeout);
      if (engines.stream().anyMatch(e -> e.dockerUrl().equals(settings.dockerUrl()))) {
        throw new IllegalArgumentException(
            Settings.DOCKER_URL.option() + " " + settings.dockerUrl() + ": given twice");
      }
      engines.add(settings);
    }
    return List.copyOf(engines);
  }

  NamingConfig naming() {
    Choices c = choices();
    return NamingConfig.DEFAULT
        .withDomains(c.values(Settings.DOMAINS, domain))
        .withHostAddress(c.value(Settings.HOST_ADDRESS, hostAddress))
        .withFollowHealth(c.value(Settings.HEALTH, health))
        .withPreferredNetworks(c.values(Settings.NETWORKS, network))
        .withExposeByDefault(c.given(Settings.EXPOSE_BY_DEFAULT, exposeByDefault))
        .withAnswer(c.value(Settings.ANSWER, answer))
        .withCompat(Set.copyOf(c.values(Settings.COMPAT, compat)));
  }

  /** The records given by hand, their names under each of {@code domains}. */
  List<StaticRecord> records(List<String> domains) {
    return choices().values(Settings.RECORDS, record).stream()
        .map(text -> StaticRecord.parse(text, domains, Settings.RECORDS.option()))
        .toList();
  }

  List<Path> hostsFiles() {
    return choices().values(Settings.HOSTS_FILES, hostsFile);
  }

  int ttl() {
    return choices().value(Settings.TTL, ttl);
  }
}
