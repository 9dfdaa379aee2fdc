package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogLimiterTest {

  @Test
  void lets_one_line_through_per_interval_and_counts_the_rest() {
    ManualClock clock = new ManualClock();
    LogLimiter limiter = new LogLimiter(clock, Duration.ofMinutes(1));

    assertThat(limiter.allow()).isTrue();
    assertThat(limiter.allow()).isFalse();
    clock.advance(Duration.ofSeconds(59));
    assertThat(limiter.allow()).isFalse();
    clock.advance(Duration.ofSeconds(1));
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
