package io.dockerdns.dns;

import java.util.Locale;
import java.util.Optional;

/** The DNS transports the server listens on. */
public enum Transport {
  UDP,
  TCP;

  /** Parses {@code udp} or {@code tcp} in any case; empty for anything else. */
  public static Optional<Transport> parse(String text) {
    for (Transport t : values()) {
      if (t.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
