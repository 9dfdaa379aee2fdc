package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogLimiterTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void lets_one_line_through_per_interval_and_counts_the_rest() {
    ManualClock clock = new ManualClock();
    LogLimiter limiter = new LogLimiter(clock, Duration.ofMinutes(1));

    assertThat(limiter.allow()).isTrue();
    assertThat(limiter.allow()).isFalse();
    clock.now = clock.now.plusSeconds(59);
    assertThat(limiter.allow()).isFalse();
    clock.now = clock.now.plusSeconds(1);
    assertThat(limiter.allow()).isTrue();

    assertThat(limiter.takeSuppressed()).isEqualTo(2);
    assertThat(limiter.takeSuppressed()).isZero();
  }

  @Test
  void reset_lets_the_next_line_through() {
    LogLimiter limiter = new LogLimiter(new ManualClock(), Duration.ofMinutes(1));
    limiter.allow();

    limiter.reset();

    assertThat(limiter.allow()).isTrue();
  }
}
