package io.dockerdns.core.registry;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static io.dockerdns.core.testing.ContainerFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.Health;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerRegistryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ContainerRegistry registry = new ContainerRegistry(Clock.fixed(T0, ZoneOffset.UTC));

  private final Container web = container("web").ip("bridge", "172.17.0.2").build();
  private final Container db = container("db").ip("bridge", "172.17.0.3").build();

  @Test
  void starts_empty_and_never_synced() {
    assertThat(registry.snapshot().containers()).isEmpty();
    assertThat(registry.snapshot().freshness().state()).isEqualTo(Freshness.State.NEVER_SYNCED);
  }

  @Test
  void replace_all_publishes_running_containers_sorted_by_name_and_in_sync() {
    Container stopped = container("old").state(ContainerState.EXITED).build();

    registry.replaceAll(List.of(web, stopped, db));

    RegistrySnapshot s = registry.snapshot();
    assertThat(s.containers()).extracting(Container::name).containsExactly("db", "web");
    assertThat(s.freshness().isInSync()).isTrue();
    assertThat(s.freshness().lastSyncTime()).contains(T0);
  }

  @Test
  void a_held_snapshot_does_not_change_when_the_registry_does() {
    registry.replaceAll(List.of(web));
    RegistrySnapshot before = registry.snapshot();

    registry.update(List.of(db), List.of(web.id()));

    assertThat(before.containers()).containsExactly(web);
    assertThat(before.byName("web")).contains(web);
    assertThat(registry.snapshot().containers()).containsExactly(db);
    assertThat(registry.snapshot().version()).isGreaterThan(before.version());
  }

  @Test
  void a_re_read_with_the_same_health_verdict_keeps_its_date_and_changes_nothing() {
    Container sick =
        web.withHealth(Health.of(Health.Status.UNHEALTHY, Instant.parse("2026-12-06T12:00:00Z")));
    registry.replaceAll(List.of(sick));
    RegistrySnapshot before = registry.snapshot();
    // The engine's short log has moved on: the same verdict, dated by a later check.
    Container reread =
        web.withHealth(Health.of(Health.Status.UNHEALTHY, Instant.parse("2026-12-06T12:05:00Z")));

    registry.update(List.of(reread), List.of());
    assertThat(registry.snapshot()).isSameAs(before);

    Container healthy =
        web.withHealth(Health.of(Health.Status.HEALTHY, Instant.parse("2026-12-06T12:06:00Z")));
    registry.update(List.of(healthy), List.of());
    assertThat(registry.snapshot().byName("web").orElseThrow().health())
        .isEqualTo(healthy.health());
  }

  @Test
  void an_update_that_changes_nothing_publishes_nothing() {
    registry.replaceAll(List.of(web));
    SourceFeed second = registry.source("second"); // a new source is news: shown never synced
    RegistrySnapshot before = registry.snapshot();
    List<RegistryChange> heard = new java.util.ArrayList<>();
    registry.subscribe(heard::add);
    Container stranger = container("stranger").state(ContainerState.EXITED).build();

    registry.update(List.of(), List.of());
    registry.update(List.of(web), List.of("0123456789ab-unknown"));
    registry.update(List.of(stranger), List.of());
    second.update(List.of(web), List.of());

    assertThat(registry.snapshot()).isSameAs(before);
    assertThat(heard).isEmpty();
  }

  @Test
  void update_replaces_by_id_and_drops_containers_that_stopped() {
    registry.replaceAll(List.of(web, db));
    Container renamed = container("web2").id(web.id()).ip("bridge", "172.17.0.2").build();
    Container dbStopped = container("db").state(ContainerState.EXITED).build();

    registry.update(List.of(renamed, dbStopped), List.of());

    RegistrySnapshot s = registry.snapshot();
    assertThat(s.containers()).containsExactly(renamed);
    assertThat(s.byName("web")).isEmpty();
    assertThat(s.byName("WEB2")).contains(renamed);
    assertThat(s.byAddress(ip("172.17.0.3"))).isEmpty();
  }

  @Test
  void mark_stale_keeps_the_containers_and_records_the_first_loss_time_and_the_last_reason() {
    registry.replaceAll(List.of(web));

    registry.markStale("did not answer within 5000 ms");
    registry.markStale("connection refused");

    RegistrySnapshot s = registry.snapshot();
    assertThat(s.containers()).containsExactly(web);
    assertThat(s.freshness().state()).isEqualTo(Freshness.State.STALE);
    assertThat(s.freshness().staleSinceTime()).contains(T0);
    assertThat(s.freshness().lastSyncTime()).contains(T0);
    assertThat(s.freshness().failure()).contains("connection refused");
  }

  @Test
  void a_source_that_never_synced_stays_so_with_the_reason_and_a_sync_clears_it() {
    registry.markStale("did not answer within 5000 ms");

    assertThat(registry.snapshot().freshness().state()).isEqualTo(Freshness.State.NEVER_SYNCED);
    assertThat(registry.snapshot().freshness().failure()).contains("did not answer within 5000 ms");
    registry.replaceAll(List.of(web));
    assertThat(registry.snapshot().freshness()).isEqualTo(Freshness.inSync(T0));
  }

  @Test
  void the_same_failure_again_publishes_nothing() {
    registry.replaceAll(List.of(web));
    registry.markStale("gone");
    RegistrySnapshot stale = registry.snapshot();

    registry.markStale("gone");

    assertThat(registry.snapshot()).isSameAs(stale);
  }

  @Test
  void listeners_hear_added_changed_and_removed_containers() {
    registry.replaceAll(List.of(web, db));
    List<RegistryChange> changes = new ArrayList<>();
    Subscription subscription = registry.subscribe(changes::add);
    Container webMoved = container("web").ip("bridge", "172.17.0.9").build();
    Container cache = container("cache").build();

    registry.update(List.of(webMoved, cache), List.of(db.id()));
    subscription.close();
    registry.update(List.of(), List.of(cache.id()));

    assertThat(changes).hasSize(1);
    RegistryChange change = changes.get(0);
    assertThat(change.added()).containsExactly(cache);
    assertThat(change.changed()).containsExactly(webMoved);
    assertThat(change.removed()).containsExactly(db);
  }

  @Test
  void a_failing_listener_does_not_stop_the_others_or_the_change() {
    registry.source(ContainerRegistry.DEFAULT_SOURCE);
    List<RegistryChange> heard = new ArrayList<>();
    registry.subscribe(
        change -> {
          throw new IllegalStateException("listener bug");
        });
    registry.subscribe(heard::add);

    registry.replaceAll(List.of(web));

    assertThat(heard).hasSize(1);
    assertThat(registry.snapshot().containers()).containsExactly(web);
  }

  @Test
  void indexes_are_case_insensitive_and_ids_match_by_unique_prefix() {
    Container upper = container("Web-UPPER").hostname("Host-A").build();
    registry.replaceAll(List.of(upper, db));

    RegistrySnapshot s = registry.snapshot();
    assertThat(s.byName("web-upper")).contains(upper);
    assertThat(s.byHostname("HOST-a")).containsExactly(upper);
    assertThat(s.byId(upper.id().substring(0, 12))).contains(upper);
    assertThat(s.byId("")).isEmpty();
  }

  @Test
  void a_full_id_is_looked_up_exactly_and_a_prefix_is_not_a_full_id() {
    registry.replaceAll(List.of(web, db));

    RegistrySnapshot s = registry.snapshot();
    assertThat(s.byFullId(web.id())).contains(web);
    assertThat(s.byFullId(web.id().toUpperCase(java.util.Locale.ROOT))).contains(web);
    assertThat(s.byFullId(web.id().substring(0, 12))).isEmpty();
    assertThat(s.byFullId("")).isEmpty();
  }

  @Test
  void a_source_s_full_read_replaces_only_what_that_source_holds() {
    SourceFeed a = registry.source("tcp://a:2375");
    SourceFeed b = registry.source("tcp://b:2375");
    Container other = container("other").ip("bridge", "172.17.0.9").build();

    a.replaceAll(List.of(web, db));
    b.replaceAll(List.of(other));
    a.replaceAll(List.of(web));

    assertThat(registry.snapshot().containers())
        .extracting(Container::name)
        .containsExactly("other", "web");
  }

  @Test
  void a_container_two_sources_report_stays_while_either_holds_it() {
    SourceFeed a = registry.source("tcp://a:2375");
    SourceFeed b = registry.source("tcp://b:2375");
    a.replaceAll(List.of(web));
    b.replaceAll(List.of(web, db));

    a.update(List.of(), List.of(web.id()));
    assertThat(registry.snapshot().byName("web")).as("b still holds it").contains(web);

    b.update(List.of(), List.of(web.id()));
    assertThat(registry.snapshot().byName("web")).as("nobody holds it").isEmpty();
    assertThat(registry.snapshot().byName("db")).contains(db);
  }

  @Test
  void a_container_one_source_finds_stopped_stays_while_another_holds_it_as_that_one_reports_it() {
    // Two managers of one swarm during a fail-over: the one that is leaving inspects a container
    // as exited (its view is old) while the other still runs it.
    SourceFeed a = registry.source("tcp://a:2375");
    SourceFeed b = registry.source("tcp://b:2375");
    Container fromA = container("web").id(web.id()).ip("bridge", "172.17.0.2").source("a").build();
    Container fromB = container("web").id(web.id()).ip("bridge", "172.17.0.2").source("b").build();
    a.replaceAll(List.of(fromA));
    b.replaceAll(List.of(fromB));

    Container exitedOnA =
        container("web")
            .id(web.id())
            .ip("bridge", "172.17.0.2")
            .source("a")
            .state(ContainerState.EXITED)
            .build();
    a.update(List.of(exitedOnA), List.of());

    assertThat(registry.snapshot().byName("web"))
        .as("b still runs it, and the answer now comes from b")
        .contains(fromB);
    b.update(List.of(), List.of(web.id()));
    assertThat(registry.snapshot().byName("web")).as("nobody holds it").isEmpty();
  }

  @Test
  void each_snapshot_carries_every_source_s_own_freshness_from_when_it_is_added() {
    SourceFeed a = registry.source("tcp://a:2375");
    registry.source("tcp://b:2375");
    assertThat(registry.snapshot().sources())
        .as("a source not read yet is shown at once")
        .containsOnlyKeys("tcp://a:2375", "tcp://b:2375");

    a.replaceAll(List.of(web));
    registry.source("tcp://b:2375").markStale("connection refused");

    assertThat(registry.snapshot().sources().get("tcp://a:2375")).isEqualTo(Freshness.inSync(T0));
    Freshness b = registry.snapshot().sources().get("tcp://b:2375");
    assertThat(b.state()).isEqualTo(Freshness.State.NEVER_SYNCED);
    assertThat(b.failure()).contains("connection refused");
    assertThat(registry.heldBy("tcp://a:2375")).isEqualTo(1);
    assertThat(registry.heldBy("tcp://b:2375")).isZero();
    assertThat(registry.snapshot().byName("web"))
        .as("the engine that answers answers")
        .contains(web);
  }

  @Test
  void the_sources_freshness_together_is_in_sync_only_when_all_are() {
    SourceFeed a = registry.source("tcp://a:2375");
    SourceFeed b = registry.source("tcp://b:2375");
    assertThat(registry.snapshot().freshness().state()).isEqualTo(Freshness.State.NEVER_SYNCED);

    a.replaceAll(List.of(web));
    assertThat(registry.snapshot().freshness().state())
        .as("one read, one never synced")
        .isEqualTo(Freshness.State.STALE);
    assertThat(registry.snapshot().byName("web")).as("the read one answers").contains(web);

    b.replaceAll(List.of(db));
    assertThat(registry.snapshot().freshness().isInSync()).isTrue();

    b.markStale("refused");
    assertThat(registry.snapshot().freshness().state()).isEqualTo(Freshness.State.STALE);
    assertThat(registry.snapshot().freshness().staleSinceTime()).contains(T0);
    assertThat(registry.snapshot().freshness().failure()).contains("tcp://b:2375: refused");
    assertThat(registry.sourceFreshness())
        .containsEntry("tcp://a:2375", Freshness.inSync(T0))
        .hasSize(2);
  }

  @Test
  void with_one_source_the_registry_behaves_as_that_source() {
    registry.replaceAll(List.of(web));
    registry.markStale("gone");

    assertThat(registry.snapshot().freshness().state()).isEqualTo(Freshness.State.STALE);
    assertThat(registry.sourceFreshness()).containsOnlyKeys(ContainerRegistry.DEFAULT_SOURCE);
  }
}
