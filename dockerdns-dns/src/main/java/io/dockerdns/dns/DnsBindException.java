package io.dockerdns.dns;

/**
 * The server could not listen where it was told to; the message says where and why, and {@link
 * #privilegedPort()} whether another port (the setting {@code port}) would do.
 */
public class DnsBindException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean privilegedPort;

  public DnsBindException(String message, Throwable cause, boolean privilegedPort) {
    super(message, cause);
    this.privilegedPort = privilegedPort;
  }

  /** The port is below 1024 and this process may not bind it. */
  public boolean privilegedPort() {
    return privilegedPort;
  }
}
