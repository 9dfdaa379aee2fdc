package io.dockerdns.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address pauses after wrong passwords, on a clock of the test's own. */
class PasswordChecksTest {

  private static final InetAddress GUESSER = IpAddresses.require("192.0.2.1", "guesser");
  private static final InetAddress OTHER = IpAddresses.require("192.0.2.2", "other");

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final PasswordChecks checks = new PasswordChecks(clock::get);

  private void advanceMillis(long millis) {
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void a_wrong_password_makes_its_address_wait_and_each_one_more_doubles_the_wait() {
    long[] pauses = {500, 1000, 2000, 4000};
    for (long pause : pauses) {
      assertThat(checks.begin(GUESSER)).isTrue();
      checks.end(GUESSER, false);

      advanceMillis(pause - 1);
      assertThat(checks.begin(GUESSER)).as("within %d ms", pause).isFalse();
      advanceMillis(1);
    }
    assertThat(checks.begin(GUESSER)).isTrue();
  }

  @Test
  void the_wait_stops_growing_at_its_longest() {
    for (int i = 0; i < 40; i++) {
      checks.begin(GUESSER);
      checks.end(GUESSER, false);
      advanceMillis(PasswordChecks.LONGEST_PAUSE.toMillis());
    }
    checks.begin(GUESSER);
    checks.end(GUESSER, false);

    advanceMillis(PasswordChecks.LONGEST_PAUSE.toMillis() - 1);
    assertThat(checks.begin(GUESSER)).isFalse();
    advanceMillis(1);
    assertThat(checks.begin(GUESSER)).isTrue();
  }

  @Test
  void one_address_has_one_check_at_a_time_and_others_are_not_held_up() {
    assertThat(checks.begin(GUESSER)).isTrue();

    assertThat(checks.begin(GUESSER)).as("while its first is running").isFalse();
    assertThat(checks.begin(OTHER)).isTrue();
  }

  @Test
  void the_right_password_forgets_earlier_mistakes() {
    checks.begin(GUESSER);
    checks.end(GUESSER, false);
    advanceMillis(500);
    checks.begin(GUESSER);
    checks.end(GUESSER, true);

    assertThat(checks.begin(GUESSER)).isTrue();
    checks.end(GUESSER, false);
    advanceMillis(500);
    assertThat(checks.begin(GUESSER)).as("back to the first pause").isTrue();
  }
}
