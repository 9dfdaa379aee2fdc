package io.dockerdns.core.docker;

import java.time.Duration;

/** Exponential backoff between reconnection attempts: doubles from {@code initial} up to a cap. */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    this.initial = initial.compareTo(max) < 0 ? initial : max;
    this.max = max;
    this.next = this.initial;
  }

  /** The wait before the next attempt; each call doubles the following one, up to the cap. */
  Duration next() {
    Duration current = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return current;
  }

  /** After a success: the next failure waits {@code initial} again. */
  void reset() {
    next = initial;
  }
}
