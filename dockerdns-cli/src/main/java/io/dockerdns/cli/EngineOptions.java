package io.dockerdns.cli;

import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command shares: the engine, the naming, and the configuration file. Each setting is
 * taken from the command line, else the configuration file, else its default; options are objects
 * so that "not given" can be told from a value.
 */
final class EngineOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (default: ./dockerdns.json when it exists).")
  Path config;

  @Option(
      names = "--docker-url",
      paramLabel = "URL",
      description =
          "Docker Engine address (config: docker_url; default: $DOCKER_HOST, else"
              + " unix:///var/run/docker.sock).")
  String dockerUrl;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description = "Domain the container names live under (config: domain; default: docker).")
  String domain;

  @Option(
      names = "--ttl",
      paramLabel = "SECONDS",
      description = "Time to live of every answer, 0-604800 (config: ttl; default: 10).")
  Integer ttl;

  private ConfigFile file;
  private final Map<String, Setting> effective = new LinkedHashMap<>();

  /** A setting's value and where it came from. */
  record Setting(Object value, String origin) {}

  /** The configuration file in force, read once. */
  ConfigFile file() {
    if (file == null) {
      file = ConfigFile.find(config);
    }
    return file;
  }

  /** Command line, else configuration file, else default; recorded for {@code --print-config}. */
  <T> T setting(String option, T fromCommandLine, String key, Class<T> type, T defaultValue) {
    Setting chosen;
    if (fromCommandLine != null) {
      chosen = new Setting(fromCommandLine, "command line");
    } else {
      chosen =
          file()
              .get(key, type)
              .map(v -> new Setting(v, file().origin()))
              .orElse(new Setting(defaultValue, "default"));
    }
    effective.put(option, chosen);
    return type.cast(chosen.value());
  }

  /** Keeps a secret out of {@code --print-config}: where it came from, never what it is. */
  void hide(String option) {
    Setting setting = effective.get(option);
    if (setting != null && setting.value() != null) {
      effective.put(option, new Setting("(hidden)", setting.origin()));
    }
  }

  /** A port number, or a clear error naming the option. */
  int validPort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(option + " " + port + " is outside 0-65535");
    }
    return port;
  }

  /** The settings resolved so far, in the order they were asked for. */
  Map<String, Setting> effective() {
    return effective;
  }

  EngineSettings engine() {
    String url = setting("--docker-url", dockerUrl, "docker_url", String.class, null);
    EngineSettings settings = EngineSettings.forUrl(url);
    if (url == null) {
      effective.put(
          "--docker-url",
          new Setting(
              settings.dockerUrl(),
              System.getenv("DOCKER_HOST") != null ? "environment DOCKER_HOST" : "default"));
    }
    return settings;
  }

  NamingConfig naming() {
    return NamingConfig.DEFAULT.withDomain(
        setting("--domain", domain, "domain", String.class, "docker"));
  }

  int validTtl() {
    int value = setting("--ttl", ttl, "ttl", Integer.class, 10);
    if (value < 0 || value > 604_800) {
      throw new IllegalArgumentException(
          "--ttl " + value + " is out of range: give 0 to 604800 seconds");
    }
    return value;
  }
}
