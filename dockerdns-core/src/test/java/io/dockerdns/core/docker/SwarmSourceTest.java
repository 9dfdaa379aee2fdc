package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.Freshness;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Following swarms through their managers, with engines that answer recorded swarm readings. */
class SwarmSourceTest {

  private static final String CLUSTER = "sfaaktd9jkr3f5txmqo8ylgy4";
  private final ContainerRegistry registry = new ContainerRegistry();

  @Test
  void managers_of_one_swarm_are_one_source_and_a_failed_manager_hands_over_to_the_next()
      throws IOException {
    FakeManager first = new FakeManager("tcp://m1:2376", CLUSTER);
    FakeManager second = new FakeManager("tcp://m2:2376", CLUSTER);
    FakeManager third = new FakeManager("tcp://m3:2376", CLUSTER);
    AtomicInteger firstFollows = new AtomicInteger();
    SwarmSource source = source(first, second, third);
    source.onFirstFollow(firstFollows::incrementAndGet);

    source.readOnce();

    assertThat(registry.snapshot().sources()).containsOnlyKeys("swarm:" + CLUSTER);
    assertThat(registry.snapshot().size()).isEqualTo(8); // 6 tasks, 2 services: never doubled
    assertThat(first.reads).hasValue(1);
    assertThat(second.reads).hasValue(0);
    assertThat(firstFollows).hasValue(1);
    assertThat(source.followsSwarm()).isTrue();

    first.readingFails = true; // still listed as a manager: the read itself moves on
    source.readOnce();

    assertThat(second.reads).hasValue(1);
    assertThat(registry.snapshot().size()).isEqualTo(8);
    assertThat(registry.snapshot().sources().get("swarm:" + CLUSTER).isInSync()).isTrue();
    assertThat(firstFollows).hasValue(1);
  }

  @Test
  void when_no_manager_answers_the_names_stay_stale_with_the_reason() throws IOException {
    FakeManager only = new FakeManager("tcp://m1:2376", CLUSTER);
    SwarmSource source = source(only);
    source.readOnce();

    only.readingFails = true;
    source.readOnce();

    Freshness freshness = registry.snapshot().sources().get("swarm:" + CLUSTER);
    assertThat(freshness.isInSync()).isFalse();
    assertThat(freshness.failure())
        .hasValueSatisfying(why -> assertThat(why).contains("tcp://m1:2376"));
    assertThat(registry.snapshot().size()).isEqualTo(8);

    only.readingFails = false;
    source.readOnce();
    assertThat(registry.snapshot().sources().get("swarm:" + CLUSTER).isInSync()).isTrue();
  }

  @Test
  void a_worker_or_a_plain_engine_makes_no_swarm_source() {
    SwarmSource source =
        source(new FakeManager("tcp://w:2376", ""), new FakeManager("tcp://plain:2376", null));

    source.readOnce();

    assertThat(registry.snapshot().sources()).isEmpty();
    assertThat(source.followsSwarm()).isFalse();
  }

  private SwarmSource source(FakeManager... engines) {
    return new SwarmSource(List.of(engines), registry::source, Duration.ofSeconds(2));
  }

  /**
   * An engine that is a manager of {@code cluster} (a worker when empty, in no swarm when null) and
   * answers the recorded swarm, until told not to.
   */
  private static final class FakeManager implements SwarmApi {
    final String url;
    final String cluster;
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean answers = true;
    volatile boolean readingFails;

    FakeManager(String url, String cluster) {
      this.url = url;
      this.cluster = cluster;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public SwarmMembership membership() {
      if (!answers) {
        throw new EngineException(url, "cannot reach the Docker Engine at " + url, null);
      }
      if (cluster == null) {
        return SwarmMembership.NONE;
      }
      return cluster.isEmpty()
          ? new SwarmMembership(SwarmMembership.Role.WORKER, "")
          : new SwarmMembership(SwarmMembership.Role.MANAGER, cluster);
    }

    @Override
    public SwarmState state() {
      if (!answers || readingFails) {
        throw new EngineException(url, "Docker Engine at " + url + " did not answer", null);
      }
      reads.incrementAndGet();
      try {
        return SwarmMapperTest.state();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {}
  }
}
