package io.dockerdns.cli;

import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import picocli.CommandLine.Option;

/** Options every command that talks to an engine and names containers shares. */
final class EngineOptions {

  @Option(
      names = "--docker-url",
      paramLabel = "URL",
      description =
          "Docker Engine address (default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
  String dockerUrl;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      defaultValue = "docker",
      description = "Domain the container names live under (default: ${DEFAULT-VALUE}).")
  String domain;

  @Option(
      names = "--ttl",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Time to live of every answer, in seconds (default: ${DEFAULT-VALUE}).")
  int ttl;

  EngineSettings engine() {
    return EngineSettings.forUrl(dockerUrl);
  }

  NamingConfig naming() {
    return NamingConfig.DEFAULT.withDomain(domain);
  }

  int validTtl() {
    if (ttl < 0 || ttl > 604_800) {
      throw new IllegalArgumentException(
          "--ttl " + ttl + " is out of range: give 0 to 604800 seconds");
    }
    return ttl;
  }
}
