package io.dockerdns.core.match;

import java.util.Locale;
import java.util.Optional;

/**
 * Which address an A/AAAA answer gives for a container: its own, or the host's for the ports it
 * publishes. Rootless engines and Docker Desktop put containers where the host cannot route to
 * their addresses; the published ports are what reaches them.
 */
public enum AnswerMode {
  /** The container's own addresses (the default). */
  CONTAINER,
  /**
   * The host's address for a container that publishes a port (the binding's own address, or the
   * host address for one on every interface); a container that publishes none is in no answer.
   */
  PUBLISHED,
  /** {@link #PUBLISHED} for a container that publishes a port, its own addresses otherwise. */
  BOTH,
  /**
   * Per engine, from what it says of itself: {@link #PUBLISHED} for a rootless engine or Docker
   * Desktop, else {@link #CONTAINER}.
   */
  AUTO;

  /** The mode a word names ({@code published}), any case. */
  public static Optional<AnswerMode> parse(String word) {
    try {
      return Optional.of(valueOf(word.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The word for it: {@code published}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
