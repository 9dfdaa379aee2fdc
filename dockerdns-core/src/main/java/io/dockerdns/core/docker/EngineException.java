package io.dockerdns.core.docker;

import com.github.dockerjava.api.exception.DockerException;

/**
 * The Docker Engine could not be reached or answered with an error; the message says which. Where a
 * setting would fix it, {@link #remedy()} names which, so that a launcher can name its own option.
 */
public class EngineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Which setting would fix the failure. */
  public enum Remedy {
    /** Nothing a setting of ours changes. */
    NONE,
    /** Another engine address (or DOCKER_HOST). */
    ENGINE_ADDRESS,
    /** TLS to the engine: an https:// address and the client certificates' directory. */
    TLS_CERTIFICATES
  }

  private final String dockerUrl;
  private final Remedy remedy;

  public EngineException(String dockerUrl, String message, Throwable cause) {
    this(dockerUrl, message, cause, Remedy.NONE);
  }

  public EngineException(String dockerUrl, String message, Throwable cause, Remedy remedy) {
    super(message, cause);
    this.dockerUrl = dockerUrl;
    this.remedy = remedy;
  }

  /** The engine address that failed. */
  public String dockerUrl() {
    return dockerUrl;
  }

  /** Which setting would fix it. */
  public Remedy remedy() {
    return remedy;
  }

  static EngineException wrap(String dockerUrl, String doing, RuntimeException e) {
    if (e instanceof EngineException already) {
      return already;
    }
    if (e instanceof DockerException) {
      return new EngineException(
          dockerUrl,
          "Docker Engine at " + dockerUrl + " refused to " + doing + ": " + rootMessage(e),
          e);
    }
    String reason = rootMessage(e);
    Remedy remedy = noEngineThere(dockerUrl, reason) ? Remedy.ENGINE_ADDRESS : Remedy.NONE;
    return new EngineException(
        dockerUrl,
        "cannot reach the Docker Engine at "
            + dockerUrl
            + " ("
            + doing
            + "): "
            + reason
            + hint(dockerUrl, reason),
        e,
        remedy);
  }

  /**
   * A TLS port asked in plain HTTP answers 400 ("Client sent an HTTP request to an HTTPS server"),
   * which docker-java reports without its text.
   */
  static boolean plainToTls(String dockerUrl, String reason) {
    return (dockerUrl.startsWith("tcp://") || dockerUrl.startsWith("http://"))
        && reason.startsWith("400");
  }

  /** What {@link #plainToTls} means, for the message. */
  static String plainToTlsHint() {
    return " (if the engine wants TLS: https://, or DOCKER_TLS_VERIFY=1, and its certificates)";
  }

  /** No engine at the address: a socket that is not there, or a TCP port that refuses. */
  private static boolean noEngineThere(String dockerUrl, String reason) {
    return dockerUrl.startsWith("unix://")
        ? reason.contains("No such file")
        : reason.contains("Connection refused");
  }

  /**
   * What to do about the failures a new user meets: a socket this user may not open (not in the
   * docker group), and one that is not there, or a TCP port that refuses (no engine running, or
   * another address).
   */
  static String hint(String dockerUrl, String reason) {
    if (!dockerUrl.startsWith("unix://")) {
      return noEngineThere(dockerUrl, reason)
          ? ": no engine listens at "
              + dockerUrl.substring(dockerUrl.indexOf("://") + 3)
              + "; start Docker there, or name another engine"
          : "";
    }
    String socket = dockerUrl.substring("unix://".length());
    if (reason.contains("Permission denied")) {
      return ": this user may not open "
          + socket
          + "; add it to the socket's group (sudo usermod -aG docker $USER, then log in again)"
          + " or run as root";
    }
    if (reason.contains("No such file")) {
      return ": no engine listens at " + socket + "; start Docker, or name another engine";
    }
    return "";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.trim();
  }
}
