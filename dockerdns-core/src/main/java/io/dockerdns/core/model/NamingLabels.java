package io.dockerdns.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reading the {@code dockerdns.*} labels a container's owner sets. A value that means nothing is
 * ignored (the default applies) and said once by the source that found it, through {@link
 * #problems}: a typo must not take a container out of DNS, nor pass unnoticed.
 */
public final class NamingLabels {

  private static final Set<String> BOOLEANS = Set.of("true", "false");

  private NamingLabels() {}

  /** A comma-separated label value as a list: trimmed, empty entries dropped. */
  static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Stream.of(value.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** A time to live label's seconds, when it is a whole number from 0 to a week. */
  static OptionalInt seconds(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 7 || !v.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    int seconds = Integer.parseInt(v);
    return seconds <= Container.MAX_TTL ? OptionalInt.of(seconds) : OptionalInt.empty();
  }

  /**
   * What is wrong with a container's {@code dockerdns.*} labels, one sentence each naming the label
   * and its value; empty when nothing is.
   */
  public static List<String> problems(Map<String, String> labels) {
    List<String> problems = new ArrayList<>();
    String ttl = labels.get(Container.TTL_LABEL);
    if (ttl != null && seconds(ttl).isEmpty()) {
      problems.add(
          said(Container.TTL_LABEL, ttl)
              + " is not a whole number of seconds from 0 to "
              + Container.MAX_TTL
              + ": the default time to live applies");
    }
    booleanLabel(labels, Container.ENABLE_LABEL, "the default applies", problems);
    booleanLabel(labels, Container.SUBDOMAINS_LABEL, "no subdomains are answered", problems);
    String health = labels.get(Container.HEALTH_LABEL);
    if (health != null
        && !Set.of("ignore", "follow").contains(health.trim().toLowerCase(Locale.ROOT))) {
      problems.add(
          said(Container.HEALTH_LABEL, health)
              + " is neither \"ignore\" nor \"follow\": its health check is followed");
    }
    return problems;
  }

  private static void booleanLabel(
      Map<String, String> labels, String label, String otherwise, List<String> problems) {
    String value = labels.get(label);
    if (value != null && !BOOLEANS.contains(value.trim().toLowerCase(Locale.ROOT))) {
      problems.add(said(label, value) + " is neither \"true\" nor \"false\": " + otherwise);
    }
  }

  static String said(String label, String value) {
    return "label " + label + "=\"" + value + "\"";
  }
}
