package io.dockerdns.core.docker;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.Health;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.testing.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event source's shell (locking, queueing, pinging, reconnecting) against an engine in memory:
 * what only a real engine could show before, shown deterministically.
 */
@Timeout(30)
class DockerEventSourceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeEngine engine = new FakeEngine();
  private final ContainerRegistry registry = new ContainerRegistry();
  private final Container a = container("a").ip("bridge", "172.17.0.2").build();
  private final Container b = container("b").ip("bridge", "172.17.0.3").build();
  private DockerEventSource source;

  private DockerEventSource start() throws InterruptedException {
    source =
        new DockerEventSource(
            engine,
            registry.source(FakeEngine.URL),
            registry::snapshot,
            Duration.ofMillis(50),
            Duration.ofMillis(50),
            Clock.systemUTC(),
            SwarmLink.NONE);
    source.start();
    return source;
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  private Freshness freshness() {
    return registry.snapshot().freshness();
  }

  @Test
  void a_start_and_a_death_after_the_first_read_reach_the_registry() throws Exception {
    engine.start(a);
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();

    engine.start(b);
    Eventually.until(WAIT, "b", () -> registry.snapshot().byName("b").isPresent());
    engine.die(a.id());
    Eventually.until(WAIT, "a gone", () -> registry.snapshot().byName("a").isEmpty());

    assertThat(registry.snapshot().containers()).containsExactly(b);
    assertThat(source.eventsApplied()).isEqualTo(2);
  }

  @Test
  void a_verdict_written_after_its_health_event_is_read_again_later() throws Exception {
    engine.start(a.withHealth(Health.of(Health.Status.STARTING, Instant.EPOCH)));
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();

    engine.checkHealthWritingAfterTheEvent(
        a.withHealth(Health.of(Health.Status.HEALTHY, Instant.EPOCH)));

    Eventually.until(
        WAIT,
        "the healthy verdict",
        () -> registry.snapshot().byName("a").orElseThrow().health().passes());
  }

  @Test
  void events_during_the_full_read_wait_for_it_and_then_apply_on_top_of_it() throws Exception {
    engine.start(a);
    engine.holdListings();
    start();
    assertThat(engine.listingStarted.await(10, TimeUnit.SECONDS)).isTrue();

    engine.start(b); // subscribed before the listing, so told now; the listing will not hold b
    engine.die(a.id());
    assertThat(registry.snapshot().size()).as("nothing applied during the read").isZero();
    engine.openListing();

    Eventually.until(WAIT, "b applied after the read", () -> registry.snapshot().size() == 1);
    assertThat(registry.snapshot().containers()).containsExactly(b);
  }

  @Test
  void an_engine_that_stops_answering_is_noticed_by_its_pings_and_read_again_when_back()
      throws Exception {
    engine.start(a);
    engine.start(b);
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();

    engine.stopAnswering();
    engine.removeQuietly(b.id()); // gone while the engine could not tell
    Eventually.until(WAIT, "stale", () -> freshness().state() == Freshness.State.STALE);

    assertThat(freshness().failure()).hasValueSatisfying(r -> assertThat(r).contains("in time"));
    assertThat(registry.snapshot().containers()).as("the last known keep answering").hasSize(2);
    int listings = engine.listings.get();
    engine.answerAgain();
    Eventually.until(WAIT, "in sync", () -> freshness().isInSync());
    assertThat(engine.listings.get()).as("read in full again").isGreaterThan(listings);
    assertThat(registry.snapshot().containers()).containsExactly(a);
    assertThat(freshness().failure()).isEmpty();
  }

  @Test
  void a_quiet_engine_is_pinged_while_it_is_followed() throws Exception {
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();
    int before = engine.pings.get();

    Eventually.until(WAIT, "three pings", () -> engine.pings.get() >= before + 3);
    assertThat(freshness().isInSync()).isTrue();
  }

  @Test
  void a_stream_the_engine_closes_is_followed_again_from_a_full_read() throws Exception {
    engine.start(a);
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();

    engine.endStream();
    engine.start(b); // nobody follows now: only a full read finds it

    Eventually.until(WAIT, "b from the next read", () -> registry.snapshot().size() == 2);
    assertThat(source.reconnects()).isEqualTo(1);
    assertThat(freshness().isInSync()).isTrue();
  }

  @Test
  void an_inspect_that_fails_while_events_apply_ends_the_subscription_and_nothing_is_lost()
      throws Exception {
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();

    engine.inspectsFail();
    engine.start(a);
    Eventually.until(WAIT, "stale", () -> freshness().state() == Freshness.State.STALE);
    engine.inspectsWork();

    Eventually.until(WAIT, "a, found by the next read", () -> registry.snapshot().size() == 1);
    assertThat(freshness().isInSync()).isTrue();
  }

  @Test
  void a_refresh_reads_everything_again() throws Exception {
    start();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();
    engine.removeQuietly(a.id());
    engine.start(a);
    int listings = engine.listings.get();

    source.requestResync();

    Eventually.until(WAIT, "a second read", () -> engine.listings.get() > listings);
    Eventually.until(WAIT, "a", () -> registry.snapshot().size() == 1);
  }

  @Test
  void an_engine_that_never_answers_leaves_the_registry_never_synced_with_the_reason()
      throws Exception {
    engine.stopAnswering();
    start();

    Eventually.until(WAIT, "a reason", () -> freshness().failure().isPresent());
    assertThat(freshness().state()).isEqualTo(Freshness.State.NEVER_SYNCED);
    assertThat(source.awaitFirstSync(Duration.ofMillis(200))).isFalse();
    engine.answerAgain();
    assertThat(source.awaitFirstSync(WAIT)).isTrue();
  }
}
