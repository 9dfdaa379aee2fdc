package io.dockerdns.core.match;

import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.LabelDialect;
import io.dockerdns.core.model.LabelReading;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How names are formed.
 *
 * @param domain the zone served, without dots at either end ({@code docker})
 * @param preferredNetworks when a container is on one of these, DNS answers only with its address
 *     there (the first in this list wins); empty means every network
 * @param hostAddress what SRV targets resolve to for ports published on every host interface
 * @param followHealth whether a container with a health check answers only while it passes (a
 *     container's {@code dockerdns.health=ignore} label opts it out)
 * @param exposeByDefault whether containers are named unless labelled {@code
 *     dockerdns.enable=false}; when not, only those labelled {@code dockerdns.enable=true} are
 * @param answer which address A/AAAA answers give: a container's own, or the host's for its
 *     published ports (see {@link AnswerMode})
 * @param compat the other tools whose container labels are read as the dockerdns labels they mean
 *     (see {@link LabelReading}); none by default
 */
public record NamingConfig(
    String domain,
    List<String> preferredNetworks,
    InetAddress hostAddress,
    boolean followHealth,
    boolean exposeByDefault,
    AnswerMode answer,
    Set<LabelDialect> compat) {

  // Declared before DEFAULT: static fields initialise in order, and DEFAULT validates.
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  /**
   * The defaults: domain {@code docker}, every network, host address 127.0.0.1, health followed,
   * every container named.
   */
  public static final NamingConfig DEFAULT =
      new NamingConfig(
          "docker",
          List.of(),
          IpAddresses.require("127.0.0.1", "host address"),
          true,
          true,
          AnswerMode.CONTAINER,
          Set.of());

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
    Objects.requireNonNull(answer, "answer");
    compat = Set.copyOf(compat);
  }

  /** This configuration with another domain. */
  public NamingConfig withDomain(String newDomain) {
    return new NamingConfig(
        newDomain, preferredNetworks, hostAddress, followHealth, exposeByDefault, answer, compat);
  }

  /** This configuration with another address for SRV targets of all-interface bindings. */
  public NamingConfig withHostAddress(InetAddress address) {
    return new NamingConfig(
        domain, preferredNetworks, address, followHealth, exposeByDefault, answer, compat);
  }

  /** This configuration with another preference order of networks. */
  public NamingConfig withPreferredNetworks(List<String> networks) {
    return new NamingConfig(
        domain, networks, hostAddress, followHealth, exposeByDefault, answer, compat);
  }

  /** This configuration following health checks, or ignoring them. */
  public NamingConfig withFollowHealth(boolean follow) {
    return new NamingConfig(
        domain, preferredNetworks, hostAddress, follow, exposeByDefault, answer, compat);
  }

  /** This configuration naming every container by default, or only those labelled to be. */
  public NamingConfig withExposeByDefault(boolean expose) {
    return new NamingConfig(
        domain, preferredNetworks, hostAddress, followHealth, expose, answer, compat);
  }

  /** This configuration answering A/AAAA as {@code mode} says. */
  public NamingConfig withAnswer(AnswerMode mode) {
    return new NamingConfig(
        domain, preferredNetworks, hostAddress, followHealth, exposeByDefault, mode, compat);
  }

  /** This configuration reading the container labels of the tools {@code dialects} name. */
  public NamingConfig withCompat(Set<LabelDialect> dialects) {
    return new NamingConfig(
        domain, preferredNetworks, hostAddress, followHealth, exposeByDefault, answer, dialects);
  }

  /** How containers' labels are read: dockerdns's own, and those {@link #compat} names. */
  public LabelReading labelReading() {
    return compat.isEmpty() ? LabelReading.NATIVE : new LabelReading(compat, List.of(domain));
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
