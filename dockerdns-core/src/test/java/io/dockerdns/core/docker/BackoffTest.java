package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doubles_up_to_the_cap_and_starts_over_after_reset() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));

    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));

    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void an_initial_wait_above_the_cap_is_capped() {
    assertThat(new Backoff(Duration.ofSeconds(9), Duration.ofSeconds(2)).next())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
