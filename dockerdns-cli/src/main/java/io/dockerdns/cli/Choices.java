package io.dockerdns.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each setting is chosen: the command line, else the config file, else the default; every value
 * read by its setting's type, so the command line and the file are checked alike. Each choice is
 * recorded, with where it came from, for {@code --print-config}.
 */
final class Choices {

  /** A setting's value as shown, and where it came from. */
  record Chosen(String shown, String origin) {}

  private static final String COMMAND_LINE = "command line";

  private final ConfigFile file;
  private final Map<String, Chosen> chosen = new LinkedHashMap<>();

  Choices(ConfigFile file) {
    this.file = file;
  }

  ConfigFile file() {
    return file;
  }

  /** The setting's value: {@code text} from the command line (null: not given), else on. */
  <T> T value(Setting<T> setting, String text) {
    return value(setting, text, setting.defaultValue());
  }

  /** As {@link #value(Setting, String)}, with a default that depends on other settings. */
  <T> T value(Setting<T> setting, String text, T defaultValue) {
    return choose(setting, text == null ? null : fromText(setting, text), defaultValue);
  }

  /** A setting with several values, each option given read as one. */
  <E> List<E> values(Setting<List<E>> setting, List<String> texts) {
    List<E> given = null;
    if (texts != null) {
      given = new ArrayList<>();
      for (String text : texts) {
        given.addAll(fromText(setting, text));
      }
    }
    return choose(setting, given, setting.defaultValue());
  }

  /** A setting picocli has read already (a flag): {@code given} is null when not given. */
  <T> T given(Setting<T> setting, T given) {
    return given(setting, given, setting.defaultValue());
  }

  <T> T given(Setting<T> setting, T given, T defaultValue) {
    return choose(setting, given, defaultValue);
  }

  /** Records a value chosen by other means (an environment variable), for the printout. */
  <T> void record(Setting<T> setting, T value, String origin) {
    chosen.put(setting.option(), new Chosen(setting.show(value), origin));
  }

  /** The choices made so far, by option, in the order they were made. */
  Map<String, Chosen> chosen() {
    return chosen;
  }

  private <T> T choose(Setting<T> setting, T fromCommandLine, T defaultValue) {
    T value;
    String origin;
    if (fromCommandLine != null) {
      value = fromCommandLine;
      origin = COMMAND_LINE;
    } else if (file.get(setting).isPresent()) {
      value = file.get(setting).get();
      origin = file.origin();
    } else {
      value = defaultValue;
      origin = "default";
    }
    record(setting, value, origin);
    return value;
  }

  /** The option's text read by the setting's type, or a line naming the option and why not. */
  private static <T> T fromText(Setting<T> setting, String text) {
    try {
      return setting.type().fromText(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting.option()
              + (setting.type().secret() ? "" : " " + text)
              + ": "
              + (e.getMessage() == null ? "not " + setting.type().expected() : e.getMessage()),
          e);
    }
  }
}
