package io.dockerdns.core.docker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Lets a repeated log line through at most once per interval, counting what it held back. */
final class LogLimiter {

  private final Clock clock;
  private final Duration interval;
  private Instant lastLogged;
  private int suppressed;

  LogLimiter(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** Whether to log now; when it says no, the line is counted as suppressed. */
  boolean allow() {
    Instant now = clock.instant();
    if (lastLogged == null || !now.isBefore(lastLogged.plus(interval))) {
      lastLogged = now;
      return true;
    }
    suppressed++;
    return false;
  }

  /** How many lines were held back since the last one let through; resets the count. */
  int takeSuppressed() {
    int n = suppressed;
    suppressed = 0;
    return n;
  }

  /** Starts over: the next line is let through. */
  void reset() {
    lastLogged = null;
    suppressed = 0;
  }
}
