package io.dockerdns.cli;

import java.util.Objects;

/**
 * One setting: the command-line option that sets it, its key in {@code dockerdns.json} ({@code
 * sftp.port} inside the {@code sftp} object), the kind of value it takes and its default, which
 * comes from the configuration record of the part it configures.
 *
 * @param option the option's name; {@code --[no-]x} for a flag that has both forms
 * @param key the config file's key, dotted inside an object
 * @param type how a value is read and checked, from either place
 * @param defaultValue the value when neither place gives one (null: none)
 * @param <T> the value's type
 */
record Setting<T>(String option, String key, ValueType<T> type, T defaultValue) {

  Setting {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
  }

  /** The value as {@code --print-config} shows it; a flag as the option that gives it. */
  String show(T value) {
    if (value == null) {
      return "null";
    }
    if (option.startsWith("--[no-]") && value instanceof Boolean on) {
      return (on ? "--" : "--no-") + option.substring("--[no-]".length());
    }
    return type.show(value);
  }

  /** The config file's object this key is in ({@code sftp}), or empty at the top. */
  String object() {
    int dot = key.indexOf('.');
    return dot < 0 ? "" : key.substring(0, dot);
  }

  /** The key inside its object ({@code port} for {@code sftp.port}). */
  String name() {
    return key.substring(key.indexOf('.') + 1);
  }
}
