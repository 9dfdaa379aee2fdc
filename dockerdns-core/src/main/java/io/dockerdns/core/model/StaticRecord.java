package io.dockerdns.core.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A name that is no container's: {@code NAME=ADDRESS} given by hand, or a hosts file's line. Its
 * key is the name under the domain ({@code nas} for {@code nas.docker}), lower case.
 *
 * @param key the name without the domain
 * @param address what the name answers with (A or AAAA)
 * @param origin where it was given, for messages ({@code --record}, {@code /etc/hosts.docker:3})
 */
public record StaticRecord(String key, InetAddress address, String origin) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  public StaticRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * Reads {@code NAME=ADDRESS}. NAME is under every one of {@code domains} whether it ends with one
   * ({@code nas.docker}) or not ({@code nas}, {@code nas.home} for {@code nas.home.docker}).
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static StaticRecord parse(String text, List<String> domains, String origin) {
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("record '" + text + "' is not NAME=ADDRESS");
    }
    String address = text.substring(equals + 1).trim();
    return new StaticRecord(
        key(text.substring(0, equals), domains),
        IpAddresses.parse(address)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "record '" + text + "': '" + address + "' is not an IP address")),
        origin);
  }

  /**
   * The key of {@code name} under {@code domains}: lower case, without a trailing dot or the domain
   * it ends with; the key answers under each domain.
   *
   * @throws IllegalArgumentException when it is no DNS name (naming the label that is not)
   */
  public static String key(String name, List<String> domains) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    String key = Domains.keyOf(n, domains);
    n = key == null ? n : key;
    if (n.isEmpty() || domains.contains(n)) {
      throw new IllegalArgumentException(
          "record name '" + name + "' names nothing under the domain");
    }
    int longest = domains.stream().mapToInt(String::length).max().orElse(0);
    if (n.length() + longest + 1 > 253) {
      throw new IllegalArgumentException("record name '" + name + "' is longer than DNS allows");
    }
    for (String label : n.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "record name '" + name + "' has an invalid label '" + label + "'");
      }
    }
    // Forms the resolver reads before records: a record there would be accepted and never answer.
    if (NameForms.SERVICE.matcher(n).matches()) {
      throw new IllegalArgumentException(
          "record name '"
              + name
              + "' is an SRV question's form (_PORT._PROTO.NAME), which records do not answer");
    }
    if (NameForms.hostAddress(n).isPresent()) {
      throw new IllegalArgumentException(
          "record name '"
              + name
              + "' is a Docker host address's form (A-B-C-D.host), which answers that address");
    }
    return n;
  }
}
