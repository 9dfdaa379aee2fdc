package io.dockerdns.cli;

import io.dockerdns.dns.forward.Upstream;
import java.util.Optional;

/**
 * One {@code --forward} value: an upstream server, or {@code system} (the nameservers of the
 * system's resolver file, read when the server starts).
 *
 * @param upstream the server; empty for {@code system}
 */
record ForwardTarget(Optional<Upstream> upstream) {

  /** The value that takes the system's resolvers. */
  static final String SYSTEM = "system";

  /**
   * Reads {@code system} or {@code ADDRESS[:PORT]}.
   *
   * @throws IllegalArgumentException saying what is wrong with an address
   */
  static ForwardTarget parse(String text) {
    return text.trim().equals(SYSTEM)
        ? new ForwardTarget(Optional.empty())
        : new ForwardTarget(Optional.of(Upstream.parse(text)));
  }

  @Override
  public String toString() {
    return upstream.map(Upstream::toString).orElse(SYSTEM);
  }
}
