package io.dockerdns.cli;

import java.util.Locale;
import java.util.Set;

/**
 * {@code --log-level}: applied before anything logs, because the logger reads its level once, when
 * the first logger is made (before picocli has parsed anything).
 */
final class LogLevel {

  private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");
  private static final String PROPERTY = "org.slf4j.simpleLogger.log.io.dockerdns";

  private LogLevel() {}

  /**
   * Sets the level named by {@code --log-level} in {@code args}.
   *
   * @throws IllegalArgumentException naming the value when it is not a level
   */
  static void applyFrom(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String value = null;
      if (args[i].startsWith("--log-level=")) {
        value = args[i].substring("--log-level=".length());
      } else if (args[i].equals("--log-level") && i + 1 < args.length) {
        value = args[i + 1];
      }
      if (value != null) {
        validate(value);
        System.setProperty(PROPERTY, value.toLowerCase(Locale.ROOT));
      }
    }
  }

  private static void validate(String value) {
    if (value != null && !LEVELS.contains(value.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "--log-level '" + value + "' is not one of error, warn, info, debug, trace");
    }
  }
}
