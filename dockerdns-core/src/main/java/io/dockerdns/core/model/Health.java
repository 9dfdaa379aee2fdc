package io.dockerdns.core.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a container's health check says, as the engine reports it.
 *
 * @param status the check's verdict; {@link Status#NONE} for a container without a check
 * @param since when the container's checks began to say so, when the engine's record tells (its log
 *     holds only the last few checks: a longer streak is dated by the oldest one it holds)
 */
public record Health(Status status, Optional<Instant> since) {

  /** A container without a health check. */
  public static final Health NONE = new Health(Status.NONE, Optional.empty());

  /** The verdicts of Docker's and Podman's health checks. */
  public enum Status {
    /** No health check. */
    NONE,
    /** A check is defined and has not passed yet. */
    STARTING,
    HEALTHY,
    UNHEALTHY;

    /**
     * Reads the engine's word ({@code "healthy"}; Docker's {@code "none"} and an empty value mean
     * no check).
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static Status parse(String word) {
      String w = word.trim().toLowerCase(Locale.ROOT);
      return switch (w) {
        case "", "none" -> NONE;
        case "starting" -> STARTING;
        case "healthy" -> HEALTHY;
        case "unhealthy" -> UNHEALTHY;
        default -> throw new IllegalArgumentException("unknown health status '" + word + "'");
      };
    }

    /** The engine's word for it: {@code healthy}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(since, "since");
  }

  /** A verdict with the time it began. */
  public static Health of(Status status, Instant since) {
    return new Health(status, Optional.of(since));
  }

  /** Whether the container may be answered: it has no check, or its check passes. */
  public boolean passes() {
    return status == Status.NONE || status == Status.HEALTHY;
  }

  /**
   * This verdict, dated by {@code earlier} when that is the same verdict: a re-read of a container
   * whose health did not change keeps the time it began (the engine's short log would move it).
   */
  public Health continuing(Health earlier) {
    return earlier.status == status && earlier.since.isPresent() ? earlier : this;
  }
}
