package io.dockerdns.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dockerdns.json}: the original program's keys ({@code docker_url}, {@code bind_interface},
 * {@code bind_port}, {@code bind_protocols}, {@code no_nxdomain}, {@code authoritative}) plus
 * {@code domain}, {@code ttl}, and the {@code console} and {@code sftp} objects. Keys starting with
 * {@code #} are comments. Every value is checked here, and a bad one is reported with the file, the
 * key, the value and what was expected.
 *
 * @param source the file read
 * @param values the settings present, by key, already checked and converted
 */
record ConfigFile(Path source, Map<String, Object> values) {

  /** The default file, used when present and no {@code --config} is given. */
  static final Path DEFAULT_PATH = Path.of("dockerdns.json");

  static final List<String> KEYS =
      List.of(
          "docker_url",
          "bind_interface",
          "bind_port",
          "bind_protocols",
          "rate_limit",
          "no_nxdomain",
          "authoritative",
          "domain",
          "ttl",
          "console",
          "sftp");

  /** Keys of the objects, stored flattened as {@code OBJECT.KEY}. */
  static final Map<String, List<String>> OBJECT_KEYS =
      Map.of(
          "console",
          List.of("bind", "port", "token"),
          "sftp",
          List.of(
              "bind",
              "port",
              "host_key",
              "authorized_keys",
              "keys_dir",
              "password_hash",
              "writable"));

  ConfigFile {
    values = Map.copyOf(values);
  }

  /** No file: every setting comes from the command line or the defaults. */
  static ConfigFile none() {
    return new ConfigFile(null, Map.of());
  }

  /**
   * The file {@code --config} names, else {@code ./dockerdns.json} when it exists, else none.
   *
   * @throws IllegalArgumentException when the file cannot be read or holds a bad value
   */
  static ConfigFile find(Path explicit) {
    if (explicit != null) {
      return load(explicit);
    }
    return Files.isRegularFile(DEFAULT_PATH) ? load(DEFAULT_PATH) : none();
  }

  static ConfigFile load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file " + file + " does not exist", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + " is not valid JSON: "
              + e.getOriginalMessage()
              + " (line "
              + e.getLocation().getLineNr()
              + ")",
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config file " + file + " must hold one JSON object");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      if (key.startsWith("#")) {
        continue;
      }
      if (OBJECT_KEYS.containsKey(key)) {
        values.putAll(object(file, key, field.getValue()));
        continue;
      }
      Optional<Object> value = new Field(file, key, field.getValue()).value();
      value.ifPresent(v -> values.put(key, v));
    }
    return new ConfigFile(file, values);
  }

  /** An object such as {@code console}: its keys stored as {@code console.bind} and so on. */
  private static Map<String, Object> object(Path file, String name, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ": key '"
              + name
              + "' must be an object with "
              + String.join(", ", OBJECT_KEYS.get(name)));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = name + "." + field.getKey();
      if (field.getKey().startsWith("#")) {
        continue;
      }
      new Field(file, key, field.getValue()).value().ifPresent(v -> values.put(key, v));
    }
    return values;
  }

  /** The checked value of a key, if the file sets it. */
  <T> Optional<T> get(String key, Class<T> type) {
    return Optional.ofNullable(values.get(key)).map(type::cast);
  }

  /** Where a setting came from, for {@code --print-config}. */
  String origin() {
    return "config file " + source;
  }

  /** One key of the file and its value, checked. */
  private record Field(Path file, String key, JsonNode node) {

    Optional<Object> value() {
      return switch (key) {
        case "docker_url" -> node.isNull() ? Optional.empty() : Optional.of(dockerUrl());
        case "bind_interface" -> Optional.of(bindAddress());
        case "bind_port" -> Optional.of(number(0, 65535));
        case "bind_protocols" -> Optional.of(protocols());
        case "rate_limit" -> Optional.of(number(0, 1_000_000));
        case "no_nxdomain", "authoritative" -> Optional.of(flag());
        case "domain" -> Optional.of(domain());
        case "ttl" -> Optional.of(number(0, 604_800));
        case "console.bind", "sftp.bind" -> Optional.of(address());
        case "console.port", "sftp.port" -> Optional.of(number(0, 65535));
        case "console.token", "sftp.password_hash" ->
            node.isNull() ? Optional.empty() : Optional.of(text());
        case "sftp.host_key", "sftp.authorized_keys", "sftp.keys_dir" ->
            node.isNull() ? Optional.empty() : Optional.of(path());
        case "sftp.writable" -> Optional.of(flag());
        default ->
            throw new IllegalArgumentException(
                "config file "
                    + file
                    + ": unknown key '"
                    + key
                    + "'; known keys: "
                    + String.join(", ", knownKeys())
                    + " (keys starting with # are comments)");
      };
    }

    private List<String> knownKeys() {
      int dot = key.indexOf('.');
      return dot < 0 ? KEYS : OBJECT_KEYS.get(key.substring(0, dot));
    }

    private Path path() {
      String text = text();
      if (text.isEmpty()) {
        throw bad("a file path");
      }
      // "~/..." as in a shell, since this file is written by hand.
      return text.startsWith("~/")
          ? Path.of(System.getProperty("user.home")).resolve(text.substring(2))
          : Path.of(text);
    }

    private String dockerUrl() {
      try {
        return EngineSettings.forUrl(text()).dockerUrl();
      } catch (IllegalArgumentException e) {
        throw bad("null or a URL such as \"unix:///var/run/docker.sock\" (" + e.getMessage() + ")");
      }
    }

    private String address() {
      if (IpAddresses.parse(text()).isEmpty()) {
        throw bad("an IP address such as \"127.0.0.1\"");
      }
      return text();
    }

    private String bindAddress() {
      // The original's "" meant every interface.
      String address = text().isEmpty() ? "0.0.0.0" : text();
      if (IpAddresses.parse(address).isEmpty()) {
        throw bad("an IP address such as \"127.0.0.1\", or \"\" for every interface");
      }
      return address;
    }

    private boolean flag() {
      if (!node.isBoolean()) {
        throw bad("true or false");
      }
      return node.booleanValue();
    }

    private String domain() {
      try {
        return NamingConfig.DEFAULT.withDomain(text()).domain();
      } catch (IllegalArgumentException e) {
        throw bad("a domain such as \"docker\" (" + e.getMessage() + ")");
      }
    }

    private String text() {
      if (!node.isTextual()) {
        throw bad("a string");
      }
      return node.textValue().trim();
    }

    private int number(int min, int max) {
      if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
        throw bad("a whole number from " + min + " to " + max);
      }
      return node.intValue();
    }

    private List<String> protocols() {
      if (!node.isArray() || node.isEmpty()) {
        throw bad("a list of \"udp\" and/or \"tcp\"");
      }
      List<String> protocols = new ArrayList<>();
      for (JsonNode p : node) {
        if (!p.isTextual() || Transport.parse(p.textValue()).isEmpty()) {
          throw bad("a list of \"udp\" and/or \"tcp\"");
        }
        protocols.add(p.textValue());
      }
      return protocols;
    }

    private IllegalArgumentException bad(String expected) {
      return new IllegalArgumentException(
          "config file " + file + ": key '" + key + "' must be " + expected + ", got " + node);
    }
  }
}
