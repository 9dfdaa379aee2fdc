package io.dockerdns.core.net;

import java.io.IOException;
import java.net.BindException;

/** Turns the JDK's terse bind errors into a reason a user can act on. */
public final class BindFailures {

  private BindFailures() {}

  /**
   * Why a listener could not bind, in words. It names no setting: the caller that knows how the
   * port was chosen says which one to change.
   */
  public static String reason(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (deniedPrivilegedPort(e)) {
      return "permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE";
    }
    if (e instanceof BindException && message.contains("in use")) {
      return "the port is already in use by another program";
    }
    if (message.contains("ssign requested address")) {
      return "this machine has no such address";
    }
    return message;
  }

  /** Whether the bind was refused for want of the right to a port below 1024. */
  public static boolean deniedPrivilegedPort(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("ermission denied") || message.contains("ccess denied");
  }
}
