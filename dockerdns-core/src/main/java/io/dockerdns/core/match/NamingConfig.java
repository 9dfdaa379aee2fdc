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
 * @param domains the zones served, without dots at either end ({@code docker}): every name form
 *     answers under each; the first is the one names are given in (PTR answers, the console)
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
    List<String> domains,
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
          List.of("docker"),
          List.of(),
          IpAddresses.require("127.0.0.1", "host address"),
          true,
          true,
          AnswerMode.CONTAINER,
          Set.of());

  public NamingConfig {
    domains = domains.stream().map(NamingConfig::domain).toList();
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("at least one domain is needed");
    }
    refuseNested(domains);
    preferredNetworks = List.copyOf(preferredNetworks);
    Objects.requireNonNull(hostAddress, "hostAddress");
    Objects.requireNonNull(answer, "answer");
    compat = Set.copyOf(compat);
  }

  /** This configuration with one other domain. */
  public NamingConfig withDomain(String newDomain) {
    return withDomains(List.of(newDomain));
  }

  /** This configuration with other domains, the first the one names are given in. */
  public NamingConfig withDomains(List<String> newDomains) {
    return new NamingConfig(
        newDomains, preferredNetworks, hostAddress, followHealth, exposeByDefault, answer, compat);
  }

  /** This configuration with another address for SRV targets of all-interface bindings. */
  public NamingConfig withHostAddress(InetAddress address) {
    return new NamingConfig(
        domains, preferredNetworks, address, followHealth, exposeByDefault, answer, compat);
  }

  /** This configuration with another preference order of networks. */
  public NamingConfig withPreferredNetworks(List<String> networks) {
    return new NamingConfig(
        domains, networks, hostAddress, followHealth, exposeByDefault, answer, compat);
  }

  /** This configuration following health checks, or ignoring them. */
  public NamingConfig withFollowHealth(boolean follow) {
    return new NamingConfig(
        domains, preferredNetworks, hostAddress, follow, exposeByDefault, answer, compat);
  }

  /** This configuration naming every container by default, or only those labelled to be. */
  public NamingConfig withExposeByDefault(boolean expose) {
    return new NamingConfig(
        domains, preferredNetworks, hostAddress, followHealth, expose, answer, compat);
  }

  /** This configuration answering A/AAAA as {@code mode} says. */
  public NamingConfig withAnswer(AnswerMode mode) {
    return new NamingConfig(
        domains, preferredNetworks, hostAddress, followHealth, exposeByDefault, mode, compat);
  }

  /** This configuration reading the container labels of the tools {@code dialects} name. */
  public NamingConfig withCompat(Set<LabelDialect> dialects) {
    return new NamingConfig(
        domains, preferredNetworks, hostAddress, followHealth, exposeByDefault, answer, dialects);
  }

  /** How containers' labels are read: dockerdns's own, and those {@link #compat} names. */
  public LabelReading labelReading() {
    return compat.isEmpty() ? LabelReading.NATIVE : new LabelReading(compat, domains);
  }

  /** The first domain: the one names are given in ({@code docker}). */
  public String domain() {
    return domains.get(0);
  }

  /** The absolute name of the first zone's apex, with a trailing dot: {@code docker.} */
  public String apex() {
    return domain() + ".";
  }

  /** A domain as given, checked and normalised: no dots at either end, lower case. */
  private static String domain(String given) {
    Objects.requireNonNull(given, "domain");
    String domain = stripDots(given.trim()).toLowerCase(Locale.ROOT);
    if (domain.isEmpty()) {
      throw new IllegalArgumentException("domain must not be empty");
    }
    for (String label : domain.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "domain '" + domain + "' has an invalid label '" + label + "'");
      }
    }
    return domain;
  }

  /**
   * Refuses a domain given twice, or one under another: {@code web.a.docker} would be both {@code
   * web} under {@code a.docker} and the name {@code web.a} under {@code docker}.
   */
  private static void refuseNested(List<String> domains) {
    for (int i = 0; i < domains.size(); i++) {
      for (int j = 0; j < domains.size(); j++) {
        String inner = domains.get(i);
        String outer = domains.get(j);
        if (i < j && inner.equals(outer)) {
          throw new IllegalArgumentException("domain '" + inner + "' is given twice");
        }
        if (i != j && inner.endsWith("." + outer)) {
          throw new IllegalArgumentException(
              "domain '"
                  + inner
                  + "' is under domain '"
                  + outer
                  + "': a name there would mean two things");
        }
      }
    }
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
