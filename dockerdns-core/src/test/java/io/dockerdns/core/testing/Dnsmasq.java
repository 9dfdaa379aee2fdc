package io.dockerdns.core.testing;

import java.util.ArrayList;
import java.util.List;

/** Debian's dnsmasq as a test's own DNS server on loopback: the command every use starts from. */
public final class Dnsmasq {

  private Dnsmasq() {}

  /**
   * dnsmasq in the foreground on 127.0.0.1:{@code port}, with nothing of this machine's
   * configuration (no config file, resolv.conf or hosts file); the caller adds what it serves.
   */
  public static List<String> onLoopback(int port) {
    return on("127.0.0.1", port);
  }

  /** The same on {@code address}: another loopback address, or an interface of this machine's. */
  public static List<String> on(String address, int port) {
    return new ArrayList<>(
        List.of(
            "/usr/sbin/dnsmasq",
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--user=root",
            "--bind-interfaces",
            "--listen-address=" + address,
            "--port=" + port));
  }
}
