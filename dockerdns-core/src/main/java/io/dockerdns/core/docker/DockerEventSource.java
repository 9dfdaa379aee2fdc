package io.dockerdns.core.docker;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ContainerRegistry} equal to the engine's running containers.
 *
 * <p>Docker keeps a short event history and forgets it on restart, so the order is: subscribe to
 * events from the engine's "now" (replayed if the stream opens late), list and inspect every
 * running container, publish that, then apply events as they come. Each event names a container,
 * which is inspected afresh; events that queue up meanwhile are applied together as one change.
 * When the stream ends the registry is marked stale but keeps answering; reconnection waits with
 * bounded exponential backoff, and each reconnection starts with a full read, so nothing missed
 * meanwhile is lost.
 *
 * <p>Events are applied on the thread that reads the stream whenever no full read is under way:
 * handing each one to another thread cost a wake-up, which on a busy two-core machine took 0.5 to
 * 14 ms (die to gone p50 8.7 ms with the hand-over, see bench/event-to-answer.sh). One lock keeps
 * every change in the engine's order: whoever holds it applies all that is queued.
 */
public final class DockerEventSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DockerEventSource.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  private final DockerEngine engine;
  private final ContainerRegistry registry;
  private final Clock clock;
  private final Backoff backoff;
  private final Duration maxBackoff;
  private final LogLimiter failureLog;
  private final CountDownLatch firstSync = new CountDownLatch(1);
  private final AtomicLong eventsApplied = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final Thread thread;
  private final ReentrantLock applying = new ReentrantLock();
  private volatile BlockingQueue<Signal> controls = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private Instant lostAt;

  public DockerEventSource(EngineSettings settings, ContainerRegistry registry) {
    this.engine = new DockerEngine(settings);
    this.registry = registry;
    this.clock = Clock.systemUTC();
    this.maxBackoff = settings.maxBackoff();
    this.backoff = new Backoff(INITIAL_BACKOFF, maxBackoff);
    this.failureLog = new LogLimiter(clock, LOG_INTERVAL);
    this.thread = DaemonThreads.thread("dockerdns-events", this::run);
  }

  /**
   * Reads every running container once into the registry, without following events: for one-off
   * questions such as {@code dockerdns lookup}.
   *
   * @throws EngineException naming the engine when it cannot be reached
   */
  public void readOnce() {
    registry.replaceAll(engine.runningContainers());
  }

  /** Starts following the engine on a background thread. */
  public void start() {
    thread.start();
  }

  /** Waits until the registry has been read from the engine once; false on timeout. */
  public boolean awaitFirstSync(Duration timeout) throws InterruptedException {
    return firstSync.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for a full re-read of the engine, as on reconnection. Returns at once. */
  public void requestResync() {
    controls.add(Signal.RESYNC);
  }

  /** Container re-inspections applied from events so far. */
  public long eventsApplied() {
    return eventsApplied.get();
  }

  /** Times the event stream was lost and followed again. */
  public long reconnects() {
    return reconnects.get();
  }

  /** The engine address this source follows. */
  public String dockerUrl() {
    return engine.url();
  }

  private void run() {
    while (!closed) {
      try {
        followOnce();
      } catch (EngineException e) {
        engineLost(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        engineLost("unexpected error following the engine: " + e);
        LOG.debug("unexpected error", e);
      }
      if (closed) {
        return;
      }
      registry.markStale();
      try {
        Thread.sleep(backoff.next().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void followOnce() throws InterruptedException {
    BlockingQueue<Signal> queued = new LinkedBlockingQueue<>();
    BlockingQueue<Signal> control = new LinkedBlockingQueue<>();
    controls = control;
    // One second of margin: "since" has a resolution of seconds, and a replayed event is harmless.
    Instant since = engine.engineTime().minusSeconds(1);
    Closeable stream;
    int found;
    // Held from before the subscription: events that arrive during the full read wait for it.
    applying.lock();
    try {
      stream = engine.followEvents(since, sinkInto(queued, control));
      try {
        List<Container> running = engine.runningContainers();
        registry.replaceAll(running);
        found = running.size();
        engineFound(found);
      } catch (RuntimeException e) {
        closeQuietly(stream);
        throw e;
      }
    } finally {
      applying.unlock();
    }
    try {
      applyQueued(queued);
      if (found == 0) {
        engine.prepareInspect();
      }
      while (!closed) {
        Signal signal = control.take();
        if (signal.kind == Kind.ENDED) {
          // Changes queued with it are not lost: the reconnection starts with a full read.
          throw new EngineException(engine.url(), signal.reason(engine.url()), signal.error);
        }
        applying.lock();
        try {
          registry.replaceAll(engine.runningContainers());
        } finally {
          applying.unlock();
        }
        applyQueued(queued);
      }
    } finally {
      closeQuietly(stream);
    }
  }

  /**
   * Applies every queued change unless another thread is applying; that thread then applies these
   * too, as it looks at the queue again after letting go of the lock.
   */
  private void applyQueued(BlockingQueue<Signal> queued) {
    while (!queued.isEmpty() && applying.tryLock()) {
      try {
        List<Signal> batch = new ArrayList<>();
        queued.drainTo(batch);
        apply(batch);
      } finally {
        applying.unlock();
      }
    }
  }

  private static void closeQuietly(Closeable stream) {
    try {
      stream.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the event stream failed", e);
    }
  }

  private void apply(List<Signal> batch) {
    // The last word on each container decides. A death needs no inspect (one during the engine's
    // clean-up waits for it, ~60 ms). A network change matters only to a running container: the
    // disconnects that follow a death are not inspected.
    Map<String, Kind> last = new LinkedHashMap<>();
    for (Signal signal : batch) {
      Kind before = last.get(signal.containerId);
      boolean networkAfterContainerWord = signal.kind == Kind.NETWORK && before != null;
      if (!networkAfterContainerWord) {
        last.put(signal.containerId, signal.kind);
      }
    }
    List<Container> inspected = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    RegistrySnapshot known = registry.snapshot();
    last.forEach(
        (id, kind) -> {
          if (kind == Kind.DIED) {
            gone.add(id);
          } else if (kind == Kind.CHANGED || known.byId(id).isPresent()) {
            engine.inspect(id).ifPresentOrElse(inspected::add, () -> gone.add(id));
          }
        });
    registry.update(inspected, gone);
    eventsApplied.addAndGet(last.size());
  }

  private void engineFound(int containers) {
    backoff.reset();
    if (lostAt != null) {
      reconnects.incrementAndGet();
      int suppressed = failureLog.takeSuppressed();
      LOG.info(
          "Docker Engine at {} is back after {} s ({} failed attempts not logged); registry"
              + " reconciled: {} running containers",
          engine.url(),
          Duration.between(lostAt, clock.instant()).toSeconds(),
          suppressed,
          containers);
      lostAt = null;
      failureLog.reset();
    } else {
      LOG.info("following Docker Engine at {}: {} running containers", engine.url(), containers);
    }
    firstSync.countDown();
  }

  private void engineLost(String reason) {
    if (closed) {
      return;
    }
    if (lostAt == null) {
      lostAt = clock.instant();
    }
    if (failureLog.allow()) {
      LOG.warn(
          "{}; {}retrying with a backoff of up to {} ms",
          reason,
          registry.snapshot().size() > 0 ? "the last known containers keep answering; " : "",
          maxBackoff.toMillis());
    }
  }

  private DockerEngine.EventSink sinkInto(
      BlockingQueue<Signal> queued, BlockingQueue<Signal> control) {
    return new DockerEngine.EventSink() {
      @Override
      public void changed(String containerId) {
        offer(new Signal(Kind.CHANGED, containerId, null));
      }

      @Override
      public void died(String containerId) {
        offer(new Signal(Kind.DIED, containerId, null));
      }

      @Override
      public void networkChanged(String containerId) {
        offer(new Signal(Kind.NETWORK, containerId, null));
      }

      @Override
      public void ended(Throwable error) {
        control.add(Signal.ended(error));
      }

      private void offer(Signal change) {
        queued.add(change);
        try {
          applyQueued(queued);
        } catch (RuntimeException e) {
          // An inspect failed: the engine is going away. The follower reconnects and reads it all.
          control.add(Signal.ended(e));
        }
      }
    };
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      engine.close();
    } catch (IOException e) {
      LOG.debug("closing the Docker client failed", e);
    }
  }

  private enum Kind {
    CHANGED,
    DIED,
    NETWORK,
    ENDED,
    RESYNC
  }

  /** A change the event stream reports, or a request to the following thread. */
  private static final class Signal {
    static final Signal RESYNC = new Signal(Kind.RESYNC, null, null);

    final Kind kind;
    final String containerId;
    final Throwable error;

    private Signal(Kind kind, String containerId, Throwable error) {
      this.kind = kind;
      this.containerId = containerId;
      this.error = error;
    }

    static Signal ended(Throwable error) {
      return new Signal(Kind.ENDED, null, error);
    }

    String reason(String url) {
      return error == null
          ? "Docker Engine at " + url + " closed the event stream"
          : "event stream from Docker Engine at " + url + " broke: " + error.getMessage();
    }
  }
}
