package io.dockerdns.core.net;

import java.io.IOException;
import java.net.BindException;

/** Turns the JDK's terse bind errors into a reason a user can act on. */
public final class BindFailures {

  private BindFailures() {}

  /**
   * Why a listener could not bind, in words.
   *
   * @param portFlag the option that chooses the port, suggested when a low port is refused
   * @param suggestedPort an unprivileged port to suggest with it
   */
  public static String reason(IOException e, String portFlag, int suggestedPort) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("ermission denied") || message.contains("ccess denied")) {
      return "permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE; use "
          + portFlag
          + " "
          + suggestedPort
          + " (or another port above 1023)";
    }
    if (e instanceof BindException && message.contains("in use")) {
      return "the port is already in use by another program";
    }
    if (message.contains("ssign requested address")) {
      return "this machine has no such address";
    }
    return message;
  }
}
