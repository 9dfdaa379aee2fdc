package io.dockerdns.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveViewersTest {

  @Test
  void with_nobody_watching_a_change_is_not_rendered() {
    ExecutorService senders = Executors.newCachedThreadPool();
    AtomicInteger renders = new AtomicInteger();
    try {
      LiveViewers viewers = new LiveViewers(senders, () -> "{}");

      for (int i = 0; i < 100; i++) {
        viewers.broadcast(
            () -> {
              renders.incrementAndGet();
              return "{}";
            });
      }

      assertThat(renders).hasValue(0);
    } finally {
      senders.shutdownNow();
    }
  }
}
