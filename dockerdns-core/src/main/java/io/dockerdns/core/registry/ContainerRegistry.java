package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.StaticRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running containers of every source (one Docker Engine by default), published as immutable
 * snapshots. Each source writes through its {@link SourceFeed}: the registry keeps what each holds,
 * keyed by (source, id), and answers from their union; its freshness is the sources' together (in
 * sync when all are; stale from the first loss; never synced until one has synced).
 *
 * <p>One writer per source and any number of readers. Readers call {@link #snapshot()}: a single
 * volatile read, never blocking, never seeing half of a change. Each change makes a new snapshot
 * that shares all it did not touch with the old one, replaces the old one with it, then tells the
 * listeners on the writer's thread.
 */
public final class ContainerRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRegistry.class);

  /**
   * The source the registry's own {@link #replaceAll}, {@link #update} and {@link #markStale} feed.
   */
  public static final String DEFAULT_SOURCE = "engine";

  private final Clock clock;
  private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private volatile RegistrySnapshot current = RegistrySnapshot.empty();
  // Guarded by this: what each source holds (up containers by id) and how fresh it is. While there
  // is one source it holds everything in the snapshot, and no map is kept (null): the common case
  // pays nothing for sources (50 bytes a container at 100k did).
  private final Map<String, Map<String, Container>> held = new LinkedHashMap<>();
  private final Map<String, Freshness> freshness = new LinkedHashMap<>();
  private final Map<String, Instant> added = new HashMap<>();

  public ContainerRegistry() {
    this(Clock.systemUTC());
  }

  public ContainerRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The current snapshot. Cheap; call it once per request and use that snapshot throughout. */
  public RegistrySnapshot snapshot() {
    return current;
  }

  /** The feed of the source named {@code name}, made on first use (never synced until it reads). */
  public synchronized SourceFeed source(String name) {
    Objects.requireNonNull(name, "name");
    if (!held.containsKey(name)) {
      if (held.size() == 1) {
        // A second source: what the first holds is, until now, the whole snapshot.
        Map<String, Container> first = new HashMap<>();
        current.containers().forEach(c -> first.put(c.id(), c));
        held.replaceAll((source, holding) -> first);
      }
      held.put(name, held.isEmpty() ? null : new HashMap<>());
      freshness.put(name, Freshness.neverSynced());
      added.put(name, clock.instant());
      // Shown at once (never synced), so /health names a source that cannot be reached yet.
      publish(current.withFreshness(merged(), sources()));
    }
    return new Feed(name);
  }

  /** The default source's full read: see {@link SourceFeed#replaceAll}. */
  public void replaceAll(Collection<Container> containers) {
    source(DEFAULT_SOURCE).replaceAll(containers);
  }

  /** The default source's re-inspections: see {@link SourceFeed#update}. */
  public void update(Collection<Container> inspected, Collection<String> gone) {
    source(DEFAULT_SOURCE).update(inspected, gone);
  }

  /** The default source was lost: see {@link SourceFeed#markStale}. */
  public void markStale(String reason) {
    source(DEFAULT_SOURCE).markStale(reason);
  }

  private synchronized void replaceAll(String source, Collection<Container> read) {
    Collection<Container> containers = healthDated(read);
    freshness.put(source, Freshness.inSync(clock.instant()));
    if (held.size() == 1) {
      publish(
          RegistrySnapshot.of(
              containers, merged(), sources(), current.records(), current.version() + 1));
      return;
    }
    Map<String, Container> holding = new HashMap<>();
    for (Container c : containers) {
      if (c.isUp()) {
        holding.put(c.id(), c);
      }
    }
    held.put(source, holding);
    // Rebuilt from the union: a full read is where a source's vanished containers go.
    List<Container> union = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    held.values()
        .forEach(
            h ->
                h.values()
                    .forEach(
                        c -> {
                          if (seen.add(c.id())) {
                            union.add(c);
                          }
                        }));
    publish(
        RegistrySnapshot.of(union, merged(), sources(), current.records(), current.version() + 1));
  }

  private synchronized void update(
      String source, Collection<Container> read, Collection<String> gone) {
    Collection<Container> inspected = healthDated(read);
    if (held.size() == 1) {
      publishIfChanged(inspected, gone);
      return;
    }
    Map<String, Container> holding = held.get(source);
    // What this source no longer holds stays while another source holds it (two managers of one
    // swarm report the same container): the snapshot then shows the other's report.
    List<Container> put = new ArrayList<>();
    List<String> goneEverywhere = new ArrayList<>();
    for (Container c : inspected) {
      if (c.isUp()) {
        holding.put(c.id(), c);
        put.add(c);
      } else {
        holding.remove(c.id());
        put.add(heldElsewhere(c.id()).orElse(c));
      }
    }
    for (String id : gone) {
      holding.remove(id);
      heldElsewhere(id).ifPresentOrElse(put::add, () -> goneEverywhere.add(id));
    }
    publishIfChanged(put, goneEverywhere);
  }

  /**
   * The containers read, each whose health verdict is the one already known keeping the time that
   * verdict began: the engine dates a verdict by the checks its short log still holds, so a re-read
   * would otherwise move the date, and change a container that did not change.
   */
  private Collection<Container> healthDated(Collection<Container> read) {
    RegistrySnapshot now = current;
    List<Container> dated = new ArrayList<>(read.size());
    for (Container c : read) {
      Container known = now.byFullId(c.id()).orElse(null);
      dated.add(known == null ? c : c.withHealth(c.health().continuing(known.health())));
    }
    return dated;
  }

  /** The report of container {@code id} by any source that still holds it. */
  private Optional<Container> heldElsewhere(String id) {
    for (Map<String, Container> holding : held.values()) {
      Container c = holding.get(id);
      if (c != null) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Publishes the snapshot with these edits, unless they change nothing: a new snapshot empties
   * every reply cache and wakes every listener, for an inspect that found what was already known.
   */
  private void publishIfChanged(Collection<Container> inspected, Collection<String> gone) {
    RegistrySnapshot now = current;
    boolean changes =
        inspected.stream()
                .anyMatch(
                    c ->
                        c.isUp()
                            ? now.byFullId(c.id()).filter(c::equals).isEmpty()
                            : now.byFullId(c.id()).isPresent())
            || gone.stream().anyMatch(id -> now.byFullId(id).isPresent());
    if (changes) {
      publish(now.with(inspected, gone, now.version() + 1));
    }
  }

  private synchronized void markStale(String source, String reason) {
    Freshness before = freshness.get(source);
    Freshness after = before.failed(clock.instant(), reason);
    if (!after.equals(before)) {
      freshness.put(source, after);
      publish(current.withFreshness(merged(), sources()));
    }
  }

  /**
   * The sources' freshness together. With one source it is that source's. With several: never
   * synced until one has synced; in sync when all are; else stale since the first loss (a source
   * that never synced counts as lost from when it was added).
   */
  private Freshness merged() {
    if (freshness.size() == 1) {
      return freshness.values().iterator().next();
    }
    if (freshness.values().stream().allMatch(f -> f.state() == Freshness.State.NEVER_SYNCED)) {
      return new Freshness(Freshness.State.NEVER_SYNCED, null, null, reasons());
    }
    Instant lastSync =
        freshness.values().stream()
            .map(Freshness::lastSync)
            .filter(Objects::nonNull)
            .min(Instant::compareTo)
            .orElse(null);
    Instant staleSince = null;
    for (Map.Entry<String, Freshness> f : freshness.entrySet()) {
      Instant lost =
          switch (f.getValue().state()) {
            case STALE -> f.getValue().staleSince();
            case NEVER_SYNCED -> added.get(f.getKey());
            case IN_SYNC -> null;
          };
      if (lost != null && (staleSince == null || lost.isBefore(staleSince))) {
        staleSince = lost;
      }
    }
    return staleSince == null
        ? Freshness.inSync(lastSync)
        : new Freshness(Freshness.State.STALE, lastSync, staleSince, reasons());
  }

  /** Each failing source's reason, named by the source; null when none has failed. */
  private String reasons() {
    List<String> reasons = new ArrayList<>();
    freshness.forEach(
        (source, f) -> f.failure().ifPresent(why -> reasons.add(source + ": " + why)));
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }

  /** Each source's freshness, by name, in the order the sources were added. */
  public Map<String, Freshness> sourceFreshness() {
    return current.sources(); // every publish carries them: no copy, no lock
  }

  /** How many running containers the source {@code name} holds now; 0 for an unknown one. */
  public synchronized int heldBy(String name) {
    if (!held.containsKey(name)) {
      return 0;
    }
    Map<String, Container> holding = held.get(name);
    return holding == null ? current.size() : holding.size();
  }

  private Map<String, Freshness> sources() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(freshness));
  }

  /** A source's writes, routed to the registry under the source's name. */
  private final class Feed implements SourceFeed {
    private final String name;

    Feed(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void replaceAll(Collection<Container> containers) {
      ContainerRegistry.this.replaceAll(name, containers);
    }

    @Override
    public void update(Collection<Container> inspected, Collection<String> gone) {
      ContainerRegistry.this.update(name, inspected, gone);
    }

    @Override
    public void markStale(String reason) {
      ContainerRegistry.this.markStale(name, reason);
    }
  }

  /**
   * Replaces the static records (names that are no container's); publishes only when they answer
   * differently, so a hosts file saved unchanged empties no reply cache.
   */
  public synchronized void replaceRecords(StaticRecords records) {
    Objects.requireNonNull(records, "records");
    if (!records.equals(current.records())) {
      publish(current.withRecords(records));
    }
  }

  /**
   * Calls {@code listener} after every change, on the writer's thread; keep it quick. Close the
   * returned subscription to stop.
   */
  public Subscription subscribe(RegistryListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void publish(RegistrySnapshot next) {
    RegistrySnapshot previous = current;
    current = next;
    RegistryChange change = new RegistryChange(previous, next);
    for (RegistryListener listener : listeners) {
      try {
        listener.onChange(change);
      } catch (RuntimeException e) {
        LOG.warn("registry listener {} failed; the registry carries on", listener, e);
      }
    }
  }
}
