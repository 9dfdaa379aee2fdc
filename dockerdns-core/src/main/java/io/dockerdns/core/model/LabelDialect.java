package io.dockerdns.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Another tool's container labels that dockerdns can read as its own, for a move from that tool
 * without relabelling every container first (see {@link LabelReading}).
 */
public enum LabelDialect {
  /** dnsdock's {@code com.dnsdock.alias} and {@code com.dnsdock.ignore}. */
  DNSDOCK("dnsdock"),
  /** dns-proxy-server's {@code dps.container.enabled}. */
  DPS("dps");

  /** dnsdock's aliases: full names, comma-separated ({@code db.docker,sql.docker}). */
  public static final String DNSDOCK_ALIAS = "com.dnsdock.alias";

  /** dnsdock leaves a container out when this label is there, whatever its value. */
  public static final String DNSDOCK_IGNORE = "com.dnsdock.ignore";

  /** dns-proxy-server leaves a container out when this label is {@code false}. */
  public static final String DPS_ENABLED = "dps.container.enabled";

  private final String word;

  LabelDialect(String word) {
    this.word = word;
  }

  /** The word that names it in a setting: {@code dnsdock}, {@code dps}. */
  public String word() {
    return word;
  }

  /** The dialect {@code text} names, ignoring case and spaces; empty when none does. */
  public static Optional<LabelDialect> parse(String text) {
    String w = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(d -> d.word.equals(w)).findFirst();
  }

  /** Every dialect's word, for a message: {@code "dnsdock", "dps"}. */
  public static String words() {
    return Arrays.stream(values()).map(d -> '"' + d.word + '"').collect(Collectors.joining(" or "));
  }
}
