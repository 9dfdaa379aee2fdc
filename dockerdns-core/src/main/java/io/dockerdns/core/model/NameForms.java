package io.dockerdns.core.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The forms of key (a name under the domain) that mean something of their own, read before any
 * container's or record's name: an SRV question, {@code _PORT._PROTO.KEY}, and a Docker host
 * address, so SRV targets are real host names: {@code 127-0-0-1.host} answers A 127.0.0.1, {@code
 * fd00-0-0-0-0-0-0-1.host} answers AAAA fd00::1. The {@code host} subtree under the domain is
 * reserved for the latter.
 */
public final class NameForms {

  /** {@code _PORT._PROTO.KEY}: groups port, protocol, key. */
  public static final Pattern SERVICE = Pattern.compile("_([^.]+)\\._([^.]+)\\.(.+)");

  public static final String HOST_SUBTREE = ".host";

  private static final Pattern V4_LABEL = Pattern.compile("\\d{1,3}(-\\d{1,3}){3}");
  private static final Pattern V6_LABEL = Pattern.compile("[0-9a-f-]*-[0-9a-f-]*");

  private NameForms() {}

  /**
   * The key (name under the domain) for an address: {@code 127-0-0-1.host}, and for IPv6 the
   * uncompressed form ({@code 0-0-0-0-0-0-0-1.host}), so the label never starts or ends with a
   * hyphen and stays a valid host name.
   */
  public static String hostKey(InetAddress address) {
    String text =
        address instanceof Inet4Address ? IpAddresses.format(address) : address.getHostAddress();
    int scope = text.indexOf('%');
    text = scope >= 0 ? text.substring(0, scope) : text;
    return text.replace('.', '-').replace(':', '-') + HOST_SUBTREE;
  }

  /** The address a key of the host subtree stands for; empty for any other key. */
  public static Optional<InetAddress> hostAddress(String key) {
    if (!key.endsWith(HOST_SUBTREE)) {
      return Optional.empty();
    }
    String label = key.substring(0, key.length() - HOST_SUBTREE.length());
    if (V4_LABEL.matcher(label).matches()) {
      return IpAddresses.parse(label.replace('-', '.')).filter(a -> a instanceof Inet4Address);
    }
    if (V6_LABEL.matcher(label).matches()) {
      return IpAddresses.parse(label.replace('-', ':')).filter(a -> !(a instanceof Inet4Address));
    }
    return Optional.empty();
  }
}
