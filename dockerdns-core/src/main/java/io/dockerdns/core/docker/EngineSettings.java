package io.dockerdns.core.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Docker Engine is and how patiently to talk to it.
 *
 * @param dockerUrl the engine's address: {@code unix:///var/run/docker.sock}, {@code
 *     tcp://host:2375}, {@code https://host:2376} (TLS), {@code http://host:2375} (as tcp://)
 * @param connectTimeout how long one connection attempt may take
 * @param requestTimeout how long a list, inspect or ping may wait for the engine's answer; an
 *     engine that takes longer counts as not answering: the source goes stale and reconnects
 * @param maxBackoff the longest wait between reconnection attempts
 * @param tlsCertPath for an engine over TCP with TLS: the directory of {@code ca.pem}, {@code
 *     cert.pem} and {@code key.pem}, as the docker CLI's {@code DOCKER_CERT_PATH}; empty for none
 */
public record EngineSettings(
    String dockerUrl,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration maxBackoff,
    Optional<Path> tlsCertPath) {

  /** Docker's own default socket. */
  public static final String DEFAULT_URL = "unix:///var/run/docker.sock";

  /** How long an answer may take by default: an engine busy starting many containers is slow. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final Set<String> SCHEMES = Set.of("unix", "tcp", "http", "https", "npipe");

  public EngineSettings {
    Objects.requireNonNull(dockerUrl, "dockerUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    validateUrl(dockerUrl);
    Objects.requireNonNull(tlsCertPath, "tlsCertPath");
    if (dockerUrl.startsWith("https://") && tlsCertPath.isEmpty()) {
      throw new IllegalArgumentException(
          "docker URL '"
              + dockerUrl
              + "' asks for TLS: name the directory of its ca.pem, cert.pem and key.pem");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
    }
    if (maxBackoff.isNegative() || maxBackoff.isZero()) {
      throw new IllegalArgumentException("max backoff must be positive, got " + maxBackoff);
    }
  }

  /**
   * The engine named by {@code url}; when it is null or empty, the one {@code DOCKER_HOST} names,
   * else Docker's default socket. TLS as the docker CLI decides it from the environment.
   */
  public static EngineSettings forUrl(String url) {
    return forUrl(url, null, System.getenv());
  }

  /**
   * The engine named by {@code url} (else {@code DOCKER_HOST}, else the default socket), with TLS
   * as the docker CLI has it: for {@code https://}, for {@code tcp://} when {@code
   * DOCKER_TLS_VERIFY} is set or {@code certPath} is given; the certificates from {@code certPath},
   * else {@code DOCKER_CERT_PATH}, else {@code ~/.docker}. A socket never uses TLS.
   */
  public static EngineSettings forUrl(String url, Path certPath, Map<String, String> env) {
    String chosen = url;
    if (chosen == null || chosen.isBlank()) {
      chosen = env.get("DOCKER_HOST");
    }
    if (chosen == null || chosen.isBlank()) {
      chosen = DEFAULT_URL;
    }
    chosen = chosen.trim();
    String verify = env.getOrDefault("DOCKER_TLS_VERIFY", "");
    boolean tls =
        chosen.startsWith("https://")
            || (chosen.startsWith("tcp://") && (certPath != null || !verify.isEmpty()));
    Optional<Path> certificates = Optional.empty();
    if (tls) {
      String fromEnv = env.get("DOCKER_CERT_PATH");
      certificates =
          Optional.of(
              certPath != null
                  ? certPath
                  : fromEnv != null && !fromEnv.isBlank()
                      ? Path.of(fromEnv)
                      : Path.of(System.getProperty("user.home"), ".docker"));
    }
    return new EngineSettings(
        chosen,
        Duration.ofSeconds(5),
        DEFAULT_REQUEST_TIMEOUT,
        Duration.ofSeconds(5),
        certificates);
  }

  /**
   * The address as docker-java's transport takes it: {@code http://} and {@code https://} are
   * {@code tcp://} there (TLS comes from {@link #tlsCertPath}).
   */
  public String transportUrl() {
    if (dockerUrl.startsWith("http://")) {
      return "tcp://" + dockerUrl.substring("http://".length());
    }
    if (dockerUrl.startsWith("https://")) {
      return "tcp://" + dockerUrl.substring("https://".length());
    }
    return dockerUrl;
  }

  /** The engine {@code DOCKER_HOST} names, else Docker's default socket. */
  public static EngineSettings fromEnvironment() {
    return forUrl(null);
  }

  /** This configuration with another longest wait between reconnection attempts. */
  public EngineSettings withMaxBackoff(Duration backoff) {
    return new EngineSettings(dockerUrl, connectTimeout, requestTimeout, backoff, tlsCertPath);
  }

  /** This configuration with another longest wait for an answer. */
  public EngineSettings withRequestTimeout(Duration timeout) {
    return new EngineSettings(dockerUrl, connectTimeout, timeout, maxBackoff, tlsCertPath);
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
