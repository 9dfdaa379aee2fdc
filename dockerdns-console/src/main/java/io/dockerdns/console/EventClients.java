package io.dockerdns.console;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The live page's viewers, each sent the newest snapshot on its own: a viewer that reads slowly, or
 * not at all, holds up only itself. Each keeps at most one snapshot waiting (a newer one replaces
 * it: a snapshot says everything), and one whose send has been stuck longer than the write timeout
 * is closed and dropped, by {@link #dropStuck()} (run every second) or at the next snapshot,
 * whichever comes first: a stuck viewer does not keep its slot until something changes.
 *
 * @param <C> a viewer's connection
 */
final class EventClients<C> {

  /** A viewer's connection, as the fan-out needs it. */
  interface Sender<C> {
    /** Sends one snapshot; false when the viewer is gone. May block while the viewer is slow. */
    boolean send(C client, String data);

    void close(C client);
  }

  private static final long IDLE = -1;

  private final Sender<C> sender;
  private final Executor sending;
  private final long writeTimeoutNanos;
  private final LongSupplier nanoClock;
  private final Map<C, Viewer> viewers = new ConcurrentHashMap<>();

  EventClients(Sender<C> sender, Executor sending, Duration writeTimeout, LongSupplier nanoClock) {
    this.sender = sender;
    this.sending = sending;
    this.writeTimeoutNanos = writeTimeout.toNanos();
    this.nanoClock = nanoClock;
  }

  void add(C client) {
    viewers.put(client, new Viewer(client));
  }

  void remove(C client) {
    viewers.remove(client);
  }

  int size() {
    return viewers.size();
  }

  /** Hands {@code data} to every viewer; returns at once. */
  void broadcast(String data) {
    dropStuck();
    for (Viewer viewer : viewers.values()) {
      viewer.waiting.set(data);
      viewer.schedule();
    }
  }

  /** Closes and drops every viewer whose send has been stuck past the write timeout. */
  void dropStuck() {
    long now = nanoClock.getAsLong();
    for (Viewer viewer : viewers.values()) {
      long since = viewer.sendingSince.get();
      if (since != IDLE && now - since > writeTimeoutNanos) {
        drop(viewer); // stuck: whatever it reads next would be stale anyway
      }
    }
  }

  private void drop(Viewer viewer) {
    if (viewers.remove(viewer.client, viewer)) {
      sender.close(viewer.client);
    }
  }

  private final class Viewer {
    final C client;
    final AtomicReference<String> waiting = new AtomicReference<>();
    final AtomicLong sendingSince = new AtomicLong(IDLE);
    final AtomicBoolean busy = new AtomicBoolean();

    Viewer(C client) {
      this.client = client;
    }

    void schedule() {
      if (busy.compareAndSet(false, true)) {
        sending.execute(this::drain);
      }
    }

    /** Sends what waits until nothing does; {@code busy} lets one drain run per viewer. */
    private void drain() {
      try {
        String data;
        while ((data = waiting.getAndSet(null)) != null) {
          sendingSince.set(nanoClock.getAsLong());
          boolean alive = sender.send(client, data);
          sendingSince.set(IDLE);
          if (!alive) {
            drop(this);
            return;
          }
        }
      } finally {
        busy.set(false);
      }
      if (waiting.get() != null) {
        schedule(); // came after the last look, while this drain still held busy
      }
    }
  }
}
