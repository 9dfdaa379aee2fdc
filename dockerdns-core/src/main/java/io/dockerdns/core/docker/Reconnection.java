package io.dockerdns.core.docker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Losing the engine and finding it again, as decisions: how long to wait before the next attempt,
 * and what to log. The clock is given; nothing here sleeps or logs. While the engine is away one
 * warning a minute is let through, and the line that says it is back counts the ones held back.
 */
final class Reconnection {

  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  /** What a loss means: wait this long, then try again; log the warning if there is one. */
  record Lost(Duration retryAfter, Optional<String> warning) {}

  private final String url;
  private final Clock clock;
  private final Duration maxBackoff;
  private final Backoff backoff;
  private final LogLimiter warnings;
  private Instant lostAt;
  private long reconnects;
  private long failures;

  Reconnection(String url, Duration maxBackoff, Clock clock) {
    this.url = url;
    this.clock = clock;
    this.maxBackoff = maxBackoff;
    this.backoff = new Backoff(INITIAL_BACKOFF, maxBackoff);
    this.warnings = new LogLimiter(clock, LOG_INTERVAL);
  }

  /**
   * Following the engine failed (the stream was lost, or an attempt to follow it again failed).
   *
   * @param containersKnown whether the registry still holds containers, which keep answering
   */
  synchronized Lost lost(String reason, boolean containersKnown) {
    failures++;
    if (lostAt == null) {
      lostAt = clock.instant();
    }
    Optional<String> warning =
        warnings.allow()
            ? Optional.of(
                reason
                    + "; "
                    + (containersKnown ? "the last known containers keep answering; " : "")
                    + "retrying with a backoff of up to "
                    + maxBackoff.toMillis()
                    + " ms")
            : Optional.empty();
    return new Lost(backoff.next(), warning);
  }

  /** The engine answered a full read of {@code containers} running containers: the line to log. */
  synchronized String found(int containers) {
    backoff.reset();
    if (lostAt == null) {
      return "following Docker Engine at " + url + ": " + containers + " running containers";
    }
    reconnects++;
    String line =
        "Docker Engine at "
            + url
            + " is back after "
            + Duration.between(lostAt, clock.instant()).toSeconds()
            + " s ("
            + warnings.takeSuppressed()
            + " failed attempts not logged); registry reconciled: "
            + containers
            + " running containers";
    lostAt = null;
    warnings.reset();
    return line;
  }

  /** Times the engine was found again after being lost. */
  synchronized long reconnects() {
    return reconnects;
  }

  /** Times following the engine failed. */
  synchronized long failures() {
    return failures;
  }
}
