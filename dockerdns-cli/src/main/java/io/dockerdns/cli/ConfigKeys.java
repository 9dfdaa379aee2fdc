package io.dockerdns.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.Transport;
import io.dockerdns.dns.forward.AllowedClients;
import io.dockerdns.dns.forward.CacheSettings;
import io.dockerdns.dns.forward.ForwardZone;
import io.dockerdns.dns.forward.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of {@code dockerdns.json}'s keys: each key's command-line option and what its value
 * must be. The loader checks a file against it, the reference documentation is checked against it,
 * and nothing else lists the keys.
 */
final class ConfigKeys {

  /**
   * One key.
   *
   * @param name the key ({@code sftp.port} inside the {@code sftp} object)
   * @param option the command-line option that sets the same thing
   * @param check what is wrong with a value: empty when it is right, else what was expected
   */
  record Key(String name, String option, Function<JsonNode, Optional<String>> check) {}

  private static final int MAX_PORT = 65535;

  static final List<Key> TOP =
      List.of(
          new Key("docker_url", "--docker-url", ConfigKeys::dockerUrl),
          new Key("docker_cert_path", "--docker-cert-path", ConfigKeys::path),
          new Key("docker_timeout", "--docker-timeout", n -> number(n, 1, 3600)),
          new Key("bind_interface", "--dns-bind", ConfigKeys::bindInterface),
          new Key("bind_port", "--dns-port", n -> number(n, 0, MAX_PORT)),
          new Key("bind_protocols", "--dns-protocols", ConfigKeys::protocols),
          new Key("rate_limit", "--dns-rate-limit", n -> number(n, 0, 1_000_000)),
          new Key("no_nxdomain", "--[no-]nxdomain", ConfigKeys::flag),
          new Key("authoritative", "--[no-]authoritative", ConfigKeys::flag),
          new Key("domain", "--domain", ConfigKeys::domain),
          new Key("ttl", "--ttl", n -> number(n, 0, DnsServerConfig.MAX_TTL)),
          new Key("host_address", "--host-address", ConfigKeys::address),
          new Key("forward", "--forward", n -> textOrList(n, ConfigKeys::upstream)),
          new Key("forward_zone", "--forward-zone", n -> textOrList(n, ForwardZone::parse)),
          new Key("resolv_conf", "--resolv-conf", ConfigKeys::path),
          new Key(
              "allow_recursion",
              "--allow-recursion",
              n -> textOrList(n, t -> AllowedClients.parse(List.of(t)))));

  /** The objects, each with its keys (named without the object's prefix). */
  static final Map<String, List<Key>> OBJECTS =
      Map.of(
          "cache",
          List.of(
              new Key("size", "--cache-size", n -> number(n, 0, 100_000_000)),
              new Key("min_ttl", "--cache-min-ttl", n -> number(n, 0, CacheSettings.MAX_TTL)),
              new Key("max_ttl", "--cache-max-ttl", n -> number(n, 0, CacheSettings.MAX_TTL)),
              new Key("serve_stale", "--[no-]serve-stale", ConfigKeys::flag)),
          "console",
          List.of(
              new Key("bind", "--console-bind", ConfigKeys::address),
              new Key("port", "--console-port", n -> number(n, 0, MAX_PORT)),
              new Key("token", "--console-token", ConfigKeys::optionalText)),
          "sftp",
          List.of(
              new Key("bind", "--sftp-bind", ConfigKeys::address),
              new Key("port", "--sftp-port", n -> number(n, 0, MAX_PORT)),
              new Key("host_key", "--sftp-host-key", ConfigKeys::path),
              new Key("authorized_keys", "--sftp-authorized-keys", ConfigKeys::path),
              new Key("keys_dir", "--sftp-keys-dir", ConfigKeys::path),
              new Key("password_hash", "--sftp-password-hash", ConfigKeys::optionalText),
              new Key("writable", "--[no-]sftp-writable", ConfigKeys::flag)));

  /** The top-level keys, objects included, in the file's documented order. */
  static List<String> topNames() {
    List<String> names = new ArrayList<>(TOP.stream().map(Key::name).toList());
    names.addAll(List.of("cache", "console", "sftp"));
    return names;
  }

  /** Every key as the reference names it: {@code bind_port}, {@code sftp.port}... */
  static List<String> allNames() {
    List<String> names = new ArrayList<>(TOP.stream().map(Key::name).toList());
    OBJECTS.forEach((object, keys) -> keys.forEach(k -> names.add(object + "." + k.name())));
    return names;
  }

  static Optional<Key> top(String name) {
    return TOP.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  static Optional<Key> inObject(String object, String name) {
    return OBJECTS.get(object).stream().filter(k -> k.name().equals(name)).findFirst();
  }

  static List<String> namesIn(String object) {
    return OBJECTS.get(object).stream().map(Key::name).toList();
  }

  private ConfigKeys() {}

  private static Optional<String> dockerUrl(JsonNode n) {
    if (n.isNull()) {
      return Optional.empty();
    }
    String expected = "null or a URL such as \"unix:///var/run/docker.sock\"";
    if (!n.isTextual()) {
      return Optional.of(expected);
    }
    try {
      EngineSettings.forUrl(n.textValue().trim());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(expected + " (" + e.getMessage() + ")");
    }
  }

  private static Optional<String> bindInterface(JsonNode n) {
    // The original's "" meant every interface.
    boolean valid =
        n.isTextual()
            && (n.textValue().isBlank() || IpAddresses.parse(n.textValue().trim()).isPresent());
    return valid
        ? Optional.empty()
        : Optional.of("an IP address such as \"127.0.0.1\", or \"\" for every interface");
  }

  private static Optional<String> address(JsonNode n) {
    return n.isTextual() && IpAddresses.parse(n.textValue().trim()).isPresent()
        ? Optional.empty()
        : Optional.of("an IP address such as \"127.0.0.1\"");
  }

  private static Optional<String> number(JsonNode n, int min, int max) {
    return n.isIntegralNumber() && n.asLong() >= min && n.asLong() <= max
        ? Optional.empty()
        : Optional.of("a whole number from " + min + " to " + max);
  }

  private static Optional<String> protocols(JsonNode n) {
    boolean valid = n.isArray() && !n.isEmpty();
    for (JsonNode p : n) {
      valid &= p.isTextual() && Transport.parse(p.textValue()).isPresent();
    }
    return valid ? Optional.empty() : Optional.of("a list of \"udp\" and/or \"tcp\"");
  }

  /** A string, or a list of strings, each of which {@code parser} accepts. */
  private static Optional<String> textOrList(JsonNode n, Function<String, ?> parser) {
    List<JsonNode> items = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(items::add);
    } else {
      items.add(n);
    }
    for (JsonNode item : items) {
      if (!item.isTextual()) {
        return Optional.of("a string or a list of strings");
      }
      try {
        var unused = parser.apply(item.textValue());
      } catch (IllegalArgumentException e) {
        return Optional.of("a string or a list of strings (" + e.getMessage() + ")");
      }
    }
    return Optional.empty();
  }

  private static Object upstream(String text) {
    return text.trim().equals(ForwardOptions.SYSTEM) ? text : Upstream.parse(text);
  }

  private static Optional<String> flag(JsonNode n) {
    return n.isBoolean() ? Optional.empty() : Optional.of("true or false");
  }

  private static Optional<String> domain(JsonNode n) {
    if (!n.isTextual()) {
      return Optional.of("a domain such as \"docker\"");
    }
    try {
      NamingConfig.DEFAULT.withDomain(n.textValue().trim());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("a domain such as \"docker\" (" + e.getMessage() + ")");
    }
  }

  private static Optional<String> optionalText(JsonNode n) {
    return n.isNull() || n.isTextual() ? Optional.empty() : Optional.of("a string");
  }

  private static Optional<String> path(JsonNode n) {
    return n.isNull() || (n.isTextual() && !n.textValue().isBlank())
        ? Optional.empty()
        : Optional.of("a file path");
  }
}
