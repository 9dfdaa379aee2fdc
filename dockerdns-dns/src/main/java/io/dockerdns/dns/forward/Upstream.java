package io.dockerdns.dns.forward;

import io.dockerdns.core.model.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A server that names are forwarded to: an address and a port. Never a host name: resolving it
 * would need the resolver being configured.
 *
 * @param address the server's address and port
 */
public record Upstream(InetSocketAddress address) {

  /** The DNS port, when none is written. */
  public static final int DNS_PORT = 53;

  public Upstream {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("upstream " + address + " is not an IP address");
    }
  }

  /**
   * Parses {@code ADDRESS}, {@code ADDRESS:PORT}, {@code [IPV6]:PORT} or a bare IPv6 address.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static Upstream parse(String text) {
    String s = text.trim();
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw invalid(text, "no ']' closes the IPv6 address");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw invalid(text, "only ':PORT' may follow ']'");
        }
        port = rest.substring(1);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    }
    String ip = host;
    InetAddress address =
        IpAddresses.parse(ip).orElseThrow(() -> invalid(text, "'" + ip + "' is not an IP address"));
    return new Upstream(new InetSocketAddress(address, port == null ? DNS_PORT : port(text, port)));
  }

  /** An upstream at a known address. */
  public static Upstream of(InetAddress address, int port) {
    return new Upstream(new InetSocketAddress(address, port));
  }

  /** The address. */
  public InetAddress ip() {
    return address.getAddress();
  }

  /** The port. */
  public int port() {
    return address.getPort();
  }

  /** As the user writes it: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}. */
  @Override
  public String toString() {
    String ip = IpAddresses.format(address.getAddress());
    return (address.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip)
        + ":"
        + address.getPort();
  }

  private static int port(String text, String port) {
    Optional<Integer> value =
        port.length() <= 5 && !port.isEmpty() && port.chars().allMatch(Character::isDigit)
            ? Optional.of(Integer.parseInt(port))
            : Optional.empty();
    if (value.isEmpty() || value.get() < 1 || value.get() > 65535) {
      throw invalid(text, "the port '" + port + "' is not a number from 1 to 65535");
    }
    return value.get();
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "upstream '" + text + "' is not ADDRESS[:PORT] or [IPV6]:PORT: " + why);
  }
}
