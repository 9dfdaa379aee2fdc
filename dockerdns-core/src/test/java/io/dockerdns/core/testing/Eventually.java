package io.dockerdns.core.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for asynchronous effects (an event reaching the registry) within a bounded time. */
public final class Eventually {

  private Eventually() {}

  /**
   * Re-runs {@code assertion} until it passes or {@code timeout} runs out; then rethrows its last
   * failure, so the report shows what was still wrong.
   */
  public static void within(Duration timeout, Runnable assertion) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      sleep();
    }
  }

  /** Waits until {@code condition} holds; fails with {@code what} when it never does. */
  public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
    within(
        timeout,
        () -> {
          if (!condition.get()) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
          }
        });
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
