package io.dockerdns.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dockerdns.json}: the original program's keys ({@code docker_url}, {@code bind_interface},
 * {@code bind_port}, {@code bind_protocols}, {@code no_nxdomain}, {@code authoritative}) plus the
 * others in {@link ConfigKeys}, and the {@code console} and {@code sftp} objects. Keys starting
 * with {@code #} are comments. Every value is checked against {@link ConfigKeys} before the file is
 * bound to {@link FileSettings}, and a bad one is reported with the file, the key, the value and
 * what was expected.
 *
 * @param source the file read, or null when there is none
 * @param settings what the file sets
 */
record ConfigFile(Path source, FileSettings settings) {

  /** The default file, used when present and no {@code --config} is given. */
  static final Path DEFAULT_PATH = Path.of("dockerdns.json");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** No file: every setting comes from the command line or the defaults. */
  static ConfigFile none() {
    return new ConfigFile(null, FileSettings.NONE);
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
      root = MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file " + file + " does not exist", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ":"
              + e.getLocation().getLineNr()
              + ":"
              + e.getLocation().getColumnNr()
              + ": not valid JSON: "
              + JsonErrors.explain(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config file " + file + " must hold one JSON object");
    }
    ObjectNode checked = MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      if (key.startsWith("#")) {
        continue;
      }
      if (ConfigKeys.OBJECTS.containsKey(key)) {
        checked.set(key, object(file, key, field.getValue()));
        continue;
      }
      ConfigKeys.Key known =
          ConfigKeys.top(key).orElseThrow(() -> unknown(file, key, ConfigKeys.topNames()));
      checked.set(key, check(file, key, known, field.getValue()));
    }
    try {
      return new ConfigFile(file, MAPPER.treeToValue(checked, FileSettings.class));
    } catch (JsonProcessingException e) {
      // Every value was checked above: this is a key in the table that the records lack.
      throw new IllegalStateException("config file " + file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** An object such as {@code console}: each of its keys checked as {@code console.bind}. */
  private static ObjectNode object(Path file, String name, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ": key '"
              + name
              + "' must be an object with "
              + String.join(", ", ConfigKeys.namesIn(name)));
    }
    ObjectNode checked = MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getKey().startsWith("#")) {
        continue;
      }
      String key = name + "." + field.getKey();
      ConfigKeys.Key known =
          ConfigKeys.inObject(name, field.getKey())
              .orElseThrow(() -> unknown(file, key, ConfigKeys.namesIn(name)));
      checked.set(field.getKey(), check(file, key, known, field.getValue()));
    }
    return checked;
  }

  private static JsonNode check(Path file, String key, ConfigKeys.Key known, JsonNode value) {
    Optional<String> expected = known.check().apply(value);
    if (expected.isPresent()) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ": key '"
              + key
              + "' must be "
              + expected.get()
              + ", got "
              + value);
    }
    return value;
  }

  private static IllegalArgumentException unknown(Path file, String key, List<String> known) {
    return new IllegalArgumentException(
        "config file "
            + file
            + ": unknown key '"
            + key
            + "'; known keys: "
            + String.join(", ", known)
            + " (keys starting with # are comments)");
  }

  /** Where a setting from this file came from, for {@code --print-config}. */
  String origin() {
    return "config file " + source;
  }
}
