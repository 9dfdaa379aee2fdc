package io.dockerdns.sftp;

/** The SFTP server could not start; the message says what and where. */
public class SftpStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SftpStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
