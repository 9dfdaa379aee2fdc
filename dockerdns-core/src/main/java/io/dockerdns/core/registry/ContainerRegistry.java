package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running containers of one engine, published as immutable snapshots.
 *
 * <p>One writer (the event source) and any number of readers. Readers call {@link #snapshot()}: a
 * single volatile read, never blocking, never seeing half of a change. Each change makes a new
 * snapshot that shares all it did not touch with the old one, replaces the old one with it, then
 * tells the listeners on the writer's thread.
 */
public final class ContainerRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRegistry.class);

  private final Clock clock;
  private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private volatile RegistrySnapshot current = RegistrySnapshot.empty();

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

  /**
   * Replaces every container at once after a full read of the engine, and marks the registry in
   * sync. Containers that are not up are left out.
   */
  public synchronized void replaceAll(Collection<Container> containers) {
    publish(
        RegistrySnapshot.of(containers, Freshness.inSync(clock.instant()), current.version() + 1));
  }

  /**
   * Applies what re-inspecting some containers found: each container given replaces the one with
   * its id (or is dropped when it is no longer up), and each id in {@code gone} is removed.
   */
  public synchronized void update(Collection<Container> inspected, Collection<String> gone) {
    publish(current.with(inspected, gone, current.version() + 1));
  }

  /**
   * Records that the engine was lost: the containers stay and keep answering, and the freshness
   * says since when they may be out of date. A registry already stale keeps its first time.
   */
  public synchronized void markStale() {
    Freshness freshness = current.freshness();
    if (freshness.state() != Freshness.State.STALE) {
      Instant now = clock.instant();
      publish(current.withFreshness(freshness.staleFrom(now)));
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
