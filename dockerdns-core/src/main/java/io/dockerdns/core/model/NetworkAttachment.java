package io.dockerdns.core.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A container's place on one Docker network.
 *
 * @param network the network's name ({@code bridge}, {@code myapp_default}, ...)
 * @param addresses the container's addresses on it, IPv4 first
 * @param ipv4PrefixLength the network's IPv4 prefix length (16 for 172.17.0.0/16); 32 when unknown
 * @param ipv6PrefixLength the network's IPv6 prefix length; 128 when unknown
 */
public record NetworkAttachment(
    String network, List<InetAddress> addresses, int ipv4PrefixLength, int ipv6PrefixLength) {

  private static final Comparator<InetAddress> IPV4_FIRST =
      Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1);

  public NetworkAttachment {
    Objects.requireNonNull(network, "network");
    addresses = addresses.stream().sorted(IPV4_FIRST).distinct().toList();
    if (ipv4PrefixLength < 0 || ipv4PrefixLength > 32) {
      throw new IllegalArgumentException(
          "IPv4 prefix length " + ipv4PrefixLength + " of network " + network + " is not 0-32");
    }
    if (ipv6PrefixLength < 0 || ipv6PrefixLength > 128) {
      throw new IllegalArgumentException(
          "IPv6 prefix length " + ipv6PrefixLength + " of network " + network + " is not 0-128");
    }
  }

  /** An attachment whose network's size is not known: each address stands for itself. */
  public NetworkAttachment(String network, List<InetAddress> addresses) {
    this(network, addresses, 32, 128);
  }

  /** The blocks of the network this attachment's addresses lie in: {@code 172.17.0.0/16}. */
  public List<Cidr> subnets() {
    return addresses.stream()
        .map(a -> Cidr.of(a, a instanceof Inet4Address ? ipv4PrefixLength : ipv6PrefixLength))
        .toList();
  }
}
