package io.dockerdns.cli;

import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.DnsServerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command shares (the engine, the naming, the configuration file) and how any setting
 * is chosen: the command line, else the configuration file, else the default, which comes from the
 * adapter's own configuration record. Options are objects so that "not given" can be told from a
 * value; every choice is recorded for {@code --print-config}.
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
          "Docker Engine address: unix:///var/run/docker.sock unless $DOCKER_HOST is set"
              + " (config: docker_url).")
  String dockerUrl;

  @Option(
      names = "--docker-cert-path",
      paramLabel = "DIR",
      description =
          "TLS to a tcp:// or https:// engine with DIR's ca.pem, cert.pem and key.pem (config:"
              + " docker_cert_path; default: $DOCKER_CERT_PATH, else ~/.docker, used for https://"
              + " and when $DOCKER_TLS_VERIFY is set).")
  Path dockerCertPath;

  @Option(
      names = "--docker-timeout",
      paramLabel = "SECONDS",
      description =
          "How long the engine may take to answer a list, inspect or ping before it counts as not"
              + " answering: its names are kept, marked stale, until it answers again (config:"
              + " docker_timeout; default: 5).")
  Integer dockerTimeout;

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

  /** What the configuration file sets. */
  FileSettings fileSettings() {
    return file().settings();
  }

  /** Command line, else configuration file, else default; recorded for {@code --print-config}. */
  <T> T setting(String option, T fromCommandLine, T fromFile, T defaultValue) {
    T value;
    String origin;
    if (fromCommandLine != null) {
      value = fromCommandLine;
      origin = "command line";
    } else if (fromFile != null) {
      value = fromFile;
      origin = file().origin();
    } else {
      value = defaultValue;
      origin = "default";
    }
    effective.put(option, new Setting(value, origin));
    return value;
  }

  /** An address to listen on, chosen as {@link #setting} chooses, or an error naming the option. */
  InetAddress bindAddress(
      String option, String fromCommandLine, String fromFile, InetAddress defaultAddress) {
    return IpAddresses.require(
        setting(option, fromCommandLine, fromFile, IpAddresses.format(defaultAddress)), option);
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
    String url = setting("--docker-url", dockerUrl, fileSettings().engineUrl(), null);
    Path certs =
        setting("--docker-cert-path", dockerCertPath, fileSettings().dockerCertPathValue(), null);
    int timeout =
        setting(
            "--docker-timeout",
            dockerTimeout,
            fileSettings().dockerTimeout(),
            (int) EngineSettings.DEFAULT_REQUEST_TIMEOUT.toSeconds());
    if (timeout < 1 || timeout > 3600) {
      throw new IllegalArgumentException(
          "--docker-timeout " + timeout + " is out of range: give 1 to 3600 seconds");
    }
    EngineSettings settings =
        EngineSettings.forUrl(url, certs, System.getenv())
            .withRequestTimeout(java.time.Duration.ofSeconds(timeout));
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
    NamingConfig defaults = NamingConfig.DEFAULT;
    String hostAddressText =
        setting(
            "--host-address",
            hostAddress,
            fileSettings().hostAddress(),
            IpAddresses.format(defaults.hostAddress()));
    return defaults
        .withDomain(setting("--domain", domain, fileSettings().namingDomain(), defaults.domain()))
        .withHostAddress(IpAddresses.require(hostAddressText.trim(), "--host-address"));
  }

  int validTtl() {
    int value = setting("--ttl", ttl, fileSettings().ttl(), DnsServerConfig.DEFAULT.ttl());
    if (value < 0 || value > DnsServerConfig.MAX_TTL) {
      throw new IllegalArgumentException(
          "--ttl " + value + " is out of range: give 0 to " + DnsServerConfig.MAX_TTL + " seconds");
    }
    return value;
  }
}
