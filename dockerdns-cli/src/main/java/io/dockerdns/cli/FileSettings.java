package io.dockerdns.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code dockerdns.json} sets, bound by Jackson after {@link ConfigKeys} checked every value:
 * a component is null when the file does not set it. The methods give each value as the settings
 * use it (trimmed, {@code ""} as every interface, {@code ~/} as the home directory).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record FileSettings(
    String dockerUrl,
    String bindInterface,
    Integer bindPort,
    List<String> bindProtocols,
    Integer rateLimit,
    Boolean noNxdomain,
    Boolean authoritative,
    String domain,
    Integer ttl,
    Console console,
    Sftp sftp) {

  /** A file that sets nothing. */
  static final FileSettings NONE =
      new FileSettings(null, null, null, null, null, null, null, null, null, null, null);

  /** The {@code console} object. */
  record Console(String bind, Integer port, String token) {}

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

    Optional<Path> hostKeyPath() {
      return path(hostKey);
    }

    Optional<Path> authorizedKeysPath() {
      return path(authorizedKeys);
    }

    Optional<Path> keysDirPath() {
      return path(keysDir);
    }
  }

  Console consoleOrEmpty() {
    return console == null ? new Console(null, null, null) : console;
  }

  Sftp sftpOrEmpty() {
    return sftp == null ? new Sftp(null, null, null, null, null, null, null) : sftp;
  }

  /** The engine address, as {@link EngineSettings} writes it. */
  Optional<String> engineUrl() {
    return Optional.ofNullable(dockerUrl).map(url -> EngineSettings.forUrl(url.trim()).dockerUrl());
  }

  /** DNS's address; the original program's {@code ""} meant every interface. */
  Optional<String> dnsBindAddress() {
    return Optional.ofNullable(bindInterface)
        .map(String::trim)
        .map(text -> text.isEmpty() ? "0.0.0.0" : text);
  }

  /** The domain as naming uses it (lower case). */
  Optional<String> namingDomain() {
    return Optional.ofNullable(domain).map(d -> NamingConfig.DEFAULT.withDomain(d.trim()).domain());
  }

  /** "~/..." as in a shell, since this file is written by hand. */
  private static Optional<Path> path(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    return Optional.of(
        trimmed.startsWith("~/")
            ? Path.of(System.getProperty("user.home")).resolve(trimmed.substring(2))
            : Path.of(trimmed));
  }
}
