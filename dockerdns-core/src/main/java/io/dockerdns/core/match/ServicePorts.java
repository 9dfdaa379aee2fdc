package io.dockerdns.core.match;

import java.util.Map;
import java.util.Optional;

/** The port an SRV service label names: {@code _8080} by number, {@code _http} by name. */
final class ServicePorts {

  /** A small table of well-known services (IANA names), enough for everyday SRV lookups. */
  private static final Map<String, Integer> WELL_KNOWN =
      Map.ofEntries(
          Map.entry("ftp", 21),
          Map.entry("ssh", 22),
          Map.entry("smtp", 25),
          Map.entry("domain", 53),
          Map.entry("dns", 53),
          Map.entry("http", 80),
          Map.entry("pop3", 110),
          Map.entry("imap", 143),
          Map.entry("ldap", 389),
          Map.entry("https", 443),
          Map.entry("submission", 587),
          Map.entry("imaps", 993),
          Map.entry("mysql", 3306),
          Map.entry("postgresql", 5432),
          Map.entry("amqp", 5672),
          Map.entry("redis", 6379),
          Map.entry("http-alt", 8080),
          Map.entry("memcache", 11211),
          Map.entry("mongodb", 27017));

  private ServicePorts() {}

  /** The port of a service label without its underscore; empty when it names no port. */
  static Optional<Integer> port(String service) {
    if (!service.isEmpty()
        && service.length() <= 5
        && service.chars().allMatch(Character::isDigit)) {
      int port = Integer.parseInt(service);
      return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    }
    return Optional.ofNullable(WELL_KNOWN.get(service));
  }
}
