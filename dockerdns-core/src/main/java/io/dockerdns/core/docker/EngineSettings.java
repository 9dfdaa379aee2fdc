package io.dockerdns.core.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where the Docker Engine is and how patiently to talk to it.
 *
 * @param dockerUrl the engine's address: {@code unix:///var/run/docker.sock}, {@code
 *     tcp://host:2375}
 * @param connectTimeout how long one connection attempt may take
 * @param maxBackoff the longest wait between reconnection attempts
 */
public record EngineSettings(String dockerUrl, Duration connectTimeout, Duration maxBackoff) {

  /** Docker's own default socket. */
  public static final String DEFAULT_URL = "unix:///var/run/docker.sock";

  private static final Set<String> SCHEMES = Set.of("unix", "tcp", "http", "https", "npipe");

  public EngineSettings {
    Objects.requireNonNull(dockerUrl, "dockerUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    validateUrl(dockerUrl);
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
    }
    if (maxBackoff.isNegative() || maxBackoff.isZero()) {
      throw new IllegalArgumentException("max backoff must be positive, got " + maxBackoff);
    }
  }

  /**
   * The engine named by {@code url}; when it is null or empty, the one {@code DOCKER_HOST} names,
   * else Docker's default socket.
   */
  public static EngineSettings forUrl(String url) {
    String chosen = url;
    if (chosen == null || chosen.isBlank()) {
      chosen = System.getenv("DOCKER_HOST");
    }
    if (chosen == null || chosen.isBlank()) {
      chosen = DEFAULT_URL;
    }
    return new EngineSettings(chosen.trim(), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** The engine {@code DOCKER_HOST} names, else Docker's default socket. */
  public static EngineSettings fromEnvironment() {
    return forUrl(null);
  }

  /** This configuration with another longest wait between reconnection attempts. */
  public EngineSettings withMaxBackoff(Duration backoff) {
    return new EngineSettings(dockerUrl, connectTimeout, backoff);
  }

  private static void validateUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("docker URL '" + url + "' is not a URL: " + e.getReason());
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
      throw new IllegalArgumentException(
          "docker URL '" + url + "' must start with one of unix://, tcp://, http://, https://");
    }
  }
}
