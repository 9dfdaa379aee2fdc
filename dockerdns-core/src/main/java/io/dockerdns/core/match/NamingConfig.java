package io.dockerdns.core.match;

import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How names are formed.
 *
 * @param domain the zone served, without dots at either end ({@code docker})
 * @param preferredNetworks when a container is on one of these, DNS answers only with its address
 *     there (the first in this list wins); empty means every network
 * @param hostAddress what SRV targets resolve to for ports published on every host interface
 */
public record NamingConfig(String domain, List<String> preferredNetworks, InetAddress hostAddress) {

  // Declared before DEFAULT: static fields initialise in order, and DEFAULT validates.
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  /** The defaults: domain {@code docker}, every network, host address 127.0.0.1. */
  public static final NamingConfig DEFAULT =
      new NamingConfig("docker", List.of(), IpAddresses.require("127.0.0.1", "host address"));

  public NamingConfig {
    Objects.requireNonNull(domain, "domain");
    domain = stripDots(domain.trim()).toLowerCase(Locale.ROOT);
    if (domain.isEmpty()) {
      throw new IllegalArgumentException("domain must not be empty");
    }
    for (String label : domain.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "domain '" + domain + "' has an invalid label '" + label + "'");
      }
    }
    preferredNetworks = List.copyOf(preferredNetworks);
    Objects.requireNonNull(hostAddress, "hostAddress");
  }

  /** This configuration with another domain. */
  public NamingConfig withDomain(String newDomain) {
    return new NamingConfig(newDomain, preferredNetworks, hostAddress);
  }

  /** This configuration with another address for SRV targets of all-interface bindings. */
  public NamingConfig withHostAddress(InetAddress address) {
    return new NamingConfig(domain, preferredNetworks, address);
  }

  /** The absolute name of the zone apex, with a trailing dot: {@code docker.} */
  public String apex() {
    return domain + ".";
  }

  private static String stripDots(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '.') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(start, end);
  }
}
