package io.dockerdns.sftp;

/**
 * The SFTP server could not start; the message says what and where, and {@link #privilegedPort()}
 * whether another port (the setting {@code port}) would do.
 */
public class SftpStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean privilegedPort;

  public SftpStartException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public SftpStartException(String message, Throwable cause, boolean privilegedPort) {
    super(message, cause);
    this.privilegedPort = privilegedPort;
  }

  /** The port is below 1024 and this process may not bind it. */
  public boolean privilegedPort() {
    return privilegedPort;
  }
}
