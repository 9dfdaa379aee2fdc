package io.dockerdns.dns;

/** The server could not listen where it was told to; the message says where and why. */
public class DnsBindException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DnsBindException(String message, Throwable cause) {
    super(message, cause);
  }
}
