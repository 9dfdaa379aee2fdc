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
 */
public record NetworkAttachment(String network, List<InetAddress> addresses) {

  private static final Comparator<InetAddress> IPV4_FIRST =
      Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1);

  public NetworkAttachment {
    Objects.requireNonNull(network, "network");
    addresses = addresses.stream().sorted(IPV4_FIRST).distinct().toList();
  }
}
