package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Losing the engine and finding it again: backoff, what is logged, what is counted. */
class ReconnectionTest {

  private final ManualClock clock = new ManualClock();
  private final Reconnection reconnection =
      new Reconnection("unix:///var/run/docker.sock", Duration.ofSeconds(5), clock);

  @Test
  void a_first_start_logs_what_it_follows() {
    assertThat(reconnection.found(3))
        .isEqualTo("following Docker Engine at unix:///var/run/docker.sock: 3 running containers");
    assertThat(reconnection.reconnects()).isZero();
  }

  @Test
  void while_away_the_wait_doubles_up_to_its_bound_and_one_warning_a_minute_gets_out() {
    Reconnection.Lost first = reconnection.lost("stream broke", true);
    assertThat(first.retryAfter()).isEqualTo(Duration.ofMillis(200));
    assertThat(first.warning())
        .hasValue(
            "stream broke; the last known containers keep answering; retrying with a backoff of"
                + " up to 5000 ms");
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(5));
      Reconnection.Lost again = reconnection.lost("refused", true);
      assertThat(again.warning()).isEmpty();
      assertThat(again.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
    clock.advance(Duration.ofSeconds(10));
    assertThat(reconnection.lost("refused", false).warning())
        .hasValue("refused; retrying with a backoff of up to 5000 ms");
    assertThat(reconnection.failures()).isEqualTo(12);
  }

  @Test
  void coming_back_says_how_long_and_how_much_was_held_back_then_starts_over() {
    reconnection.found(1);
    reconnection.lost("stream broke", true);
    clock.advance(Duration.ofSeconds(3));
    reconnection.lost("refused", true);
    clock.advance(Duration.ofSeconds(4));

    assertThat(reconnection.found(2))
        .isEqualTo(
            "Docker Engine at unix:///var/run/docker.sock is back after 7 s (1 failed attempts"
                + " not logged); registry reconciled: 2 running containers");
    assertThat(reconnection.reconnects()).isEqualTo(1);
    Reconnection.Lost next = reconnection.lost("stream broke", true);
    assertThat(next.retryAfter()).as("backoff starts over").isEqualTo(Duration.ofMillis(200));
    assertThat(next.warning()).as("warnings start over").isPresent();
  }
}
