package io.dockerdns.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class CoalescingTest {

  private final Queue<Runnable> scheduled = new ArrayDeque<>();
  private final List<Integer> handed = new ArrayList<>();
  private final Coalescing<Integer> coalescing = new Coalescing<>(scheduled::add, handed::add);

  private void runScheduled() {
    Runnable task;
    while ((task = scheduled.poll()) != null) {
      task.run();
    }
  }

  @Test
  void a_burst_is_handed_on_once_as_its_latest_value() {
    for (int i = 1; i <= 1000; i++) {
      coalescing.accept(i);
    }

    assertThat(scheduled).hasSize(1);
    runScheduled();
    assertThat(handed).containsExactly(1000);
  }

  @Test
  void a_value_after_the_hand_over_is_handed_on_too() {
    coalescing.accept(1);
    runScheduled();
    coalescing.accept(2);
    coalescing.accept(3);
    runScheduled();

    assertThat(handed).containsExactly(1, 3);
  }
}
