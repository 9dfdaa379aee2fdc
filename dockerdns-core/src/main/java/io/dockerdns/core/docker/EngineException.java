package io.dockerdns.core.docker;

import com.github.dockerjava.api.exception.DockerException;

/** The Docker Engine could not be reached or answered with an error; the message says which. */
public class EngineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String dockerUrl;

  public EngineException(String dockerUrl, String message, Throwable cause) {
    super(message, cause);
    this.dockerUrl = dockerUrl;
  }

  /** The engine address that failed. */
  public String dockerUrl() {
    return dockerUrl;
  }

  static EngineException wrap(String dockerUrl, String doing, RuntimeException e) {
    if (e instanceof EngineException already) {
      return already;
    }
    String message =
        e instanceof DockerException
            ? "Docker Engine at " + dockerUrl + " refused to " + doing + ": " + rootMessage(e)
            : "cannot reach the Docker Engine at "
                + dockerUrl
                + " ("
                + doing
                + "): "
                + rootMessage(e)
                + hint(dockerUrl, rootMessage(e));
    return new EngineException(dockerUrl, message, e);
  }

  /**
   * A TLS port asked in plain HTTP answers 400 ("Client sent an HTTP request to an HTTPS server"),
   * which docker-java reports without its text.
   */
  static String plainToTls(String dockerUrl, String reason) {
    return (dockerUrl.startsWith("tcp://") || dockerUrl.startsWith("http://"))
            && reason.startsWith("400")
        ? " (if the engine wants TLS: https://, or DOCKER_TLS_VERIFY=1 and its certificates in"
            + " --docker-cert-path)"
        : "";
  }

  /**
   * What to do about the two failures a new user meets: a socket this user may not open (not in the
   * docker group), and one that is not there (no engine running, or another address).
   */
  static String hint(String dockerUrl, String reason) {
    if (!dockerUrl.startsWith("unix://")) {
      return "";
    }
    String socket = dockerUrl.substring("unix://".length());
    if (reason.contains("Permission denied")) {
      return ": this user may not open "
          + socket
          + "; add it to the socket's group (sudo usermod -aG docker $USER, then log in again)"
          + " or run as root";
    }
    if (reason.contains("No such file")) {
      return ": no engine listens at "
          + socket
          + "; start Docker, or name its address with --docker-url or DOCKER_HOST";
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
