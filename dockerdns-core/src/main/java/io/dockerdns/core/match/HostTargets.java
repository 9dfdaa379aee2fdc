package io.dockerdns.core.match;

import io.dockerdns.core.model.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names for Docker host addresses, so SRV targets are real host names: {@code
 * 127-0-0-1.host.docker} answers A 127.0.0.1, {@code fd00-0-0-0-0-0-0-1.host.docker} answers AAAA
 * fd00::1. The {@code host} subtree under the domain is reserved for them.
 */
final class HostTargets {

  static final String SUBTREE = ".host";

  private static final Pattern V4_LABEL = Pattern.compile("\\d{1,3}(-\\d{1,3}){3}");
  private static final Pattern V6_LABEL = Pattern.compile("[0-9a-f-]*-[0-9a-f-]*");

  private HostTargets() {}

  /**
   * The key (name under the domain) for an address: {@code 127-0-0-1.host}, and for IPv6 the
   * uncompressed form ({@code 0-0-0-0-0-0-0-1.host}), so the label never starts or ends with a
   * hyphen and stays a valid host name.
   */
  static String key(InetAddress address) {
    String text =
        address instanceof Inet4Address ? IpAddresses.format(address) : address.getHostAddress();
    int scope = text.indexOf('%');
    text = scope >= 0 ? text.substring(0, scope) : text;
    return text.replace('.', '-').replace(':', '-') + SUBTREE;
  }

  /** The address a key of the host subtree stands for; empty for any other key. */
  static Optional<InetAddress> address(String key) {
    if (!key.endsWith(SUBTREE)) {
      return Optional.empty();
    }
    String label = key.substring(0, key.length() - SUBTREE.length());
    if (V4_LABEL.matcher(label).matches()) {
      return IpAddresses.parse(label.replace('-', '.')).filter(a -> a instanceof Inet4Address);
    }
    if (V6_LABEL.matcher(label).matches()) {
      return IpAddresses.parse(label.replace('-', ':')).filter(a -> !(a instanceof Inet4Address));
    }
    return Optional.empty();
  }
}
