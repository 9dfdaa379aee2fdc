package io.dockerdns.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live page's fan-out: a viewer that never reads holds up only itself. */
class EventClientsTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch never = new CountDownLatch(1);
  private final CountDownLatch stuckSending = new CountDownLatch(1);
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();
  private final List<String> closed = new CopyOnWriteArrayList<>();
  private final AtomicLong clock = new AtomicLong();

  /** "stuck" blocks in its first send until the test ends, as a viewer that never reads does. */
  private final EventClients.Sender<String> sender =
      new EventClients.Sender<>() {
        @Override
        public boolean send(String client, String data) {
          if (client.equals("stuck")) {
            stuckSending.countDown();
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          received.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>()).add(data);
          return !client.equals("gone");
        }

        @Override
        public void close(String client) {
          closed.add(client);
        }
      };

  private final EventClients<String> viewers =
      new EventClients<>(sender, pool, Duration.ofSeconds(5), clock::get);

  @AfterEach
  void stop() {
    never.countDown();
    pool.shutdownNow();
  }

  @Test
  void a_viewer_that_never_reads_delays_no_other_viewer() {
    viewers.add("stuck");
    viewers.add("a");
    viewers.add("b");

    for (int i = 1; i <= 50; i++) {
      viewers.broadcast("snapshot " + i);
    }

    Eventually.until(
        Duration.ofSeconds(1),
        "a and b have the newest snapshot",
        () ->
            List.of("a", "b").stream()
                .allMatch(c -> received.getOrDefault(c, List.of()).contains("snapshot 50")));
    assertThat(received.get("a")).endsWith("snapshot 50").hasSizeLessThanOrEqualTo(50);
  }

  @Test
  void a_viewer_stuck_past_the_write_timeout_is_dropped_at_the_next_snapshot() throws Exception {
    viewers.add("stuck");
    viewers.add("a");
    viewers.broadcast("first");
    assertThat(stuckSending.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    clock.addAndGet(Duration.ofSeconds(4).toNanos());
    viewers.broadcast("second");
    assertThat(closed).isEmpty();
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    viewers.broadcast("third");

    assertThat(closed).containsExactly("stuck");
    assertThat(viewers.size()).isEqualTo(1);
    Eventually.until(
        Duration.ofSeconds(1),
        "a got the third",
        () -> received.getOrDefault("a", List.of()).contains("third"));
  }

  @Test
  void a_viewer_stuck_past_the_write_timeout_gives_up_its_slot_without_waiting_for_a_snapshot()
      throws Exception {
    viewers.add("stuck");
    viewers.broadcast("only");
    assertThat(stuckSending.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    clock.addAndGet(Duration.ofSeconds(4).toNanos());
    viewers.dropStuck();
    assertThat(viewers.size()).as("within the write timeout").isEqualTo(1);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    viewers.dropStuck();

    assertThat(closed).containsExactly("stuck");
    assertThat(viewers.size()).isZero();
  }

  @Test
  void a_viewer_that_is_gone_is_removed() {
    viewers.add("gone");
    viewers.broadcast("one");

    Eventually.until(Duration.ofSeconds(1), "removed", () -> viewers.size() == 0);
    assertThat(closed).containsExactly("gone");
  }

  @Test
  void snapshots_reach_a_viewer_in_order_and_the_last_one_always_arrives() {
    viewers.add("a");
    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < 20; i++) {
        viewers.broadcast(Integer.toString(round * 20 + i));
      }
      String last = Integer.toString(round * 20 + 19);
      Eventually.until(
          Duration.ofSeconds(2),
          "last of round",
          () -> received.getOrDefault("a", List.of()).contains(last));
    }
    List<Integer> got = received.get("a").stream().map(Integer::valueOf).toList();
    assertThat(got).isSorted().doesNotHaveDuplicates();
  }
}
