package io.dockerdns.cli;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code dockerdns.json} sets, bound by Jackson after {@link ConfigKeys} checked every value:
 * a component is null when the file does not set it. The methods give each value as the settings
 * use it (trimmed, {@code ""} as every interface, {@code ~/} as the home directory), null too when
 * the file does not set it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record FileSettings(
    String dockerUrl,
    String dockerCertPath,
    Integer dockerTimeout,
    String bindInterface,
    Integer bindPort,
    List<String> bindProtocols,
    Integer rateLimit,
    Boolean noNxdomain,
    Boolean authoritative,
    String domain,
    Integer ttl,
    String hostAddress,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> forward,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> forwardZone,
    String resolvConf,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> allowRecursion,
    Cache cache,
    Console console,
    Sftp sftp) {

  /** A file that sets nothing. */
  static final FileSettings NONE =
      new FileSettings(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null);

  /** The {@code cache} object: how forwarded answers are kept. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Cache(Integer size, Integer minTtl, Integer maxTtl, Boolean serveStale) {}

  /** The {@code console} object. */
  record Console(String bind, Integer port, String token) {
    String bindAddress() {
      return bind == null ? null : bind.trim();
    }
  }

  /** The {@code sftp} object. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Sftp(
      String bind,
      Integer port,
      String hostKey,
      String authorizedKeys,
      String keysDir,
      String passwordHash,
      Boolean writable) {

    Path hostKeyPath() {
      return path(hostKey);
    }

    Path authorizedKeysPath() {
      return path(authorizedKeys);
    }

    Path keysDirPath() {
      return path(keysDir);
    }

    String bindAddress() {
      return bind == null ? null : bind.trim();
    }
  }

  Cache cacheOrEmpty() {
    return cache == null ? new Cache(null, null, null, null) : cache;
  }

  Path dockerCertPathValue() {
    return path(dockerCertPath);
  }

  Path resolvConfPath() {
    return path(resolvConf);
  }

  Console consoleOrEmpty() {
    return console == null ? new Console(null, null, null) : console;
  }

  Sftp sftpOrEmpty() {
    return sftp == null ? new Sftp(null, null, null, null, null, null, null) : sftp;
  }

  /** The engine address, as {@link EngineSettings} writes it. */
  String engineUrl() {
    return dockerUrl == null ? null : EngineSettings.forUrl(dockerUrl.trim()).dockerUrl();
  }

  /** DNS's address; the original program's {@code ""} meant every interface. */
  String dnsBindAddress() {
    if (bindInterface == null) {
      return null;
    }
    return bindInterface.isBlank() ? "0.0.0.0" : bindInterface.trim();
  }

  /** The domain as naming uses it (lower case). */
  String namingDomain() {
    return domain == null ? null : NamingConfig.DEFAULT.withDomain(domain.trim()).domain();
  }

  /** "~/..." as in a shell, since this file is written by hand. */
  private static Path path(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    return trimmed.startsWith("~/")
        ? Path.of(System.getProperty("user.home")).resolve(trimmed.substring(2))
        : Path.of(trimmed);
  }
}
