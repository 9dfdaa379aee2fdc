package io.dockerdns.core.model;

import java.util.Locale;
import java.util.Optional;

/** Transport protocol of a published port. */
public enum Protocol {
  TCP,
  UDP,
  SCTP;

  /** The lower-case name Docker and SRV labels use ({@code tcp}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code tcp}, {@code udp} or {@code sctp} in any case; empty for anything else. */
  public static Optional<Protocol> parse(String text) {
    for (Protocol p : values()) {
      if (p.name().equalsIgnoreCase(text)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
