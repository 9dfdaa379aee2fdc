package io.dockerdns.dns.forward;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What is known of one upstream: failures in a row, whether it is skipped, and counts for the
 * metrics. After {@code maxFails} failures in a row it is down: skipped while another server is up,
 * probed until it answers again (as CoreDNS's {@code forward} does).
 */
final class UpstreamHealth {

  /** Why an exchange failed, as the metrics name it. */
  enum Failure {
    TIMEOUT,
    UNREACHABLE,
    SERVFAIL,
    REFUSED,
    TCP,
    OTHER;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Upstream upstream;
  private final int maxFails;
  private final AtomicInteger failuresInRow = new AtomicInteger();
  private final Map<Failure, LongAdder> failures = new EnumMap<>(Failure.class);
  private final LongAdder answered = new LongAdder();
  private final LongAdder latencyNanos = new LongAdder();

  UpstreamHealth(Upstream upstream, int maxFails) {
    this.upstream = upstream;
    this.maxFails = maxFails;
    for (Failure f : Failure.values()) {
      failures.put(f, new LongAdder());
    }
  }

  Upstream upstream() {
    return upstream;
  }

  boolean isUp() {
    return failuresInRow.get() < maxFails;
  }

  void answered(long nanos) {
    failuresInRow.set(0);
    answered.increment();
    latencyNanos.add(nanos);
  }

  /** A failure; true when it is the one that takes the server down. */
  boolean failed(Failure why) {
    failures.get(why).increment();
    return failuresInRow.incrementAndGet() == maxFails;
  }

  /** A probe answered: the server is used again. */
  void probed() {
    failuresInRow.set(0);
  }

  long failures(Failure why) {
    return failures.get(why).sum();
  }

  long answered() {
    return answered.sum();
  }

  double latencySecondsTotal() {
    return latencyNanos.sum() / 1e9;
  }
}
