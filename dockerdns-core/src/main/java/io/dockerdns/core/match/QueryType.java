package io.dockerdns.core.match;

import java.util.Locale;
import java.util.Optional;

/** The record types the naming rules answer, and OTHER for every type they hold no data of. */
public enum QueryType {
  A,
  AAAA,
  SRV,
  PTR,
  /** Every type the name has data of. */
  ANY,
  /** Any other type (MX, TXT, ...): an existing name answers it with no data. */
  OTHER;

  /** Parses a type name in any case; empty for names other than the five above. */
  public static Optional<QueryType> parse(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (QueryType t : values()) {
      if (t != OTHER && t.name().equals(upper)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
