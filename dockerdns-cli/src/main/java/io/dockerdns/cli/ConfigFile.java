package io.dockerdns.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dockerdns.json}: the original program's keys ({@code docker_url}, {@code bind_interface},
 * {@code bind_port}, {@code bind_protocols}, {@code no_nxdomain}, {@code authoritative}) and the
 * others of {@link Settings}, some inside the {@code cache}, {@code console} and {@code sftp}
 * objects. Keys starting with {@code #} are comments; {@code null} is the default. Every value is
 * read when the file is loaded, by its setting's type, into the type the settings use: a bad one is
 * reported with the file, the key, the value and what was expected, and nothing is read later.
 */
final class ConfigFile {

  /** The default file, used when present and no {@code --config} is given. */
  static final Path DEFAULT_PATH = Path.of("dockerdns.json");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path source;
  private final Map<Setting<?>, Object> values;

  private ConfigFile(Path source, Map<Setting<?>, Object> values) {
    this.source = source;
    this.values = Map.copyOf(values);
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
    JsonNode root = parse(file);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config file " + file + " must hold one JSON object");
    }
    Map<Setting<?>, Object> values = new HashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      if (key.startsWith("#")) {
        continue;
      }
      if (Settings.objects().contains(key)) {
        readObject(file, key, field.getValue(), values);
      } else {
        read(file, key, "", field.getValue(), values);
      }
    }
    return new ConfigFile(file, values);
  }

  /** The value the file gives {@code setting}, if it gives one. */
  @SuppressWarnings("unchecked") // put only by read(), from the setting's own type
  <T> Optional<T> get(Setting<T> setting) {
    return Optional.ofNullable((T) values.get(setting));
  }

  /** The file read, or null when there is none. */
  Path source() {
    return source;
  }

  /** Where a setting from this file came from, for {@code --print-config}. */
  String origin() {
    return "config file " + source;
  }

  private static JsonNode parse(Path file) {
    try {
      return MAPPER.readTree(Files.readString(file));
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
  }

  /** An object such as {@code console}: each of its keys read as {@code console.bind}. */
  private static void readObject(
      Path file, String object, JsonNode node, Map<Setting<?>, Object> values) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ": key '"
              + object
              + "' must be an object with "
              + String.join(", ", Settings.namesIn(object)));
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getKey().startsWith("#")) {
        read(file, object + "." + field.getKey(), object, field.getValue(), values);
      }
    }
  }

  private static void read(
      Path file, String key, String object, JsonNode value, Map<Setting<?>, Object> values) {
    Setting<?> setting =
        Settings.byKey(key).orElseThrow(() -> unknown(file, key, Settings.namesIn(object)));
    if (value.isNull()) {
      return; // the default
    }
    try {
      values.put(setting, setting.type().fromJson(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ": key '"
              + key
              + "' must be "
              + setting.type().expected()
              + (setting.type().secret() ? "" : ", got " + value)
              + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
          e);
    }
  }

  private static IllegalArgumentException unknown(Path file, String key, List<String> known) {
    String name = key.substring(key.lastIndexOf('.') + 1);
    List<String> meant = Likeness.nearest(name, known);
    return new IllegalArgumentException(
        "config file "
            + file
            + ": unknown key '"
            + key
            + "'"
            + (meant.isEmpty()
                ? "; known keys: " + String.join(", ", known)
                : "; did you mean '" + meant.get(0) + "'?")
            + " (keys starting with # are comments)");
  }
}
