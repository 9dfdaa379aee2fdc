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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * every change in the engine's order: whoever holds it applies all that is queued. A container that
 * starts is inspected when its first network is connected, before its start event (see {@link
 * Following#early}).
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
    Following following = new Following();
    controls = following.control;
    // One second of margin: "since" has a resolution of seconds, and a replayed event is harmless.
    Instant since = engine.engineTime().minusSeconds(1);
    Closeable stream;
    // Held from before the subscription: events that arrive during the full read wait for it.
    applying.lock();
    try {
      stream = engine.followEvents(since, following);
      try {
        List<Container> running = engine.runningContainers();
        registry.replaceAll(running);
        engineFound(running.size());
      } catch (RuntimeException e) {
        following.retire();
        closeQuietly(stream);
        throw e;
      }
    } finally {
      applying.unlock();
    }
    try {
      following.applyQueued();
      while (!closed) {
        Signal signal = following.control.take();
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
        following.applyQueued();
      }
    } finally {
      following.retire();
      closeQuietly(stream);
    }
  }

  private static void closeQuietly(Closeable stream) {
    try {
      stream.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the event stream failed", e);
    }
  }

  /**
   * One subscription to the event stream: the changes it queued, requests to the following thread,
   * and the early inspects under way. Its changes are applied by whichever thread holds {@link
   * #applying}: the stream's, an early inspect's, or the following thread after a full read.
   */
  private final class Following implements DockerEngine.EventSink {
    final BlockingQueue<Signal> queued = new LinkedBlockingQueue<>();
    final BlockingQueue<Signal> control = new LinkedBlockingQueue<>();

    /**
     * Inspects sent when a container not running was connected to a network, by container id, with
     * the token their answer carries. Docker connects a container's networks while it starts,
     * holding the container until the start is done; an inspect sent then is answered as soon as it
     * is, where one sent on the start event would still have to make its way there (start event to
     * answer p50 9.2 -> 6.2 ms in one run of bench/event-to-answer.sh). Guarded by {@link
     * #applying}.
     */
    private final Map<String, Long> early = new HashMap<>();

    /**
     * Containers whose start event came while their early inspect was under way: should its answer
     * say "not running" (an engine that answers without waiting for the start), they are inspected
     * again then. Guarded by {@link #applying}.
     */
    private final Set<String> startsAwaitingAnswer = new HashSet<>();

    private long tokens;

    /** Set when the subscription ends: what still arrives for it (late answers) is dropped. */
    private boolean retired;

    /** Ends this subscription's changes; the next one starts with a full read. */
    void retire() {
      applying.lock();
      try {
        retired = true;
      } finally {
        applying.unlock();
      }
    }

    @Override
    public void started(String containerId) {
      offer(new Signal(Kind.STARTED, containerId));
    }

    @Override
    public void changed(String containerId) {
      offer(new Signal(Kind.CHANGED, containerId));
    }

    @Override
    public void died(String containerId) {
      offer(new Signal(Kind.DIED, containerId));
    }

    @Override
    public void networkChanged(String containerId, boolean connected) {
      offer(new Signal(connected ? Kind.CONNECTED : Kind.DISCONNECTED, containerId));
    }

    @Override
    public void ended(Throwable error) {
      control.add(Signal.ended(error));
    }

    private void offer(Signal change) {
      queued.add(change);
      try {
        applyQueued();
      } catch (RuntimeException e) {
        // An inspect failed: the engine is going away. The follower reconnects and reads it all.
        control.add(Signal.ended(e));
      }
    }

    /**
     * Applies every queued change unless another thread is applying; that thread then applies these
     * too, as it looks at the queue again after letting go of the lock.
     */
    void applyQueued() {
      while (!queued.isEmpty() && applying.tryLock()) {
        try {
          List<Signal> batch = new ArrayList<>();
          queued.drainTo(batch);
          if (!retired) {
            apply(batch);
          }
        } finally {
          applying.unlock();
        }
      }
    }

    private void apply(List<Signal> batch) {
      // The last word on each container decides. A death needs no inspect (one during the
      // engine's clean-up waits for it, ~60 ms). A network change matters only to a running
      // container: the disconnects that follow a death are not inspected.
      RegistrySnapshot known = registry.snapshot();
      Map<String, Signal> last = new LinkedHashMap<>();
      for (Signal signal : batch) {
        String id = signal.containerId;
        switch (signal.kind) {
          case DIED, CHANGED -> {
            early.remove(id); // its answer may be older than this word
            startsAwaitingAnswer.remove(id);
            last.put(id, signal);
          }
          case STARTED -> {
            if (early.containsKey(id)) { // the early inspect answers for the start
              startsAwaitingAnswer.add(id);
            } else {
              last.put(id, signal);
            }
          }
          case CONNECTED, DISCONNECTED -> {
            boolean afterContainerWord = last.containsKey(id);
            boolean starting = signal.kind == Kind.CONNECTED && known.byId(id).isEmpty();
            if (starting && !afterContainerWord && !early.containsKey(id)) {
              inspectEarly(id);
            } else if (!afterContainerWord) {
              last.put(id, signal);
            }
          }
          case INSPECTED -> {
            if (early.remove(id, signal.token)) {
              boolean running = signal.container.filter(Container::isUp).isPresent();
              boolean startSeen = startsAwaitingAnswer.remove(id);
              // An answer that failed, or says "not running" after the start, is asked again here.
              boolean settled = signal.error == null && (running || !startSeen);
              last.put(id, settled ? signal : new Signal(Kind.STARTED, id));
            }
          }
          default -> throw new IllegalStateException("not a change: " + signal.kind);
        }
      }
      List<Container> inspected = new ArrayList<>();
      List<String> gone = new ArrayList<>();
      last.forEach(
          (id, word) -> {
            if (word.kind == Kind.DIED) {
              gone.add(id);
            } else if (word.kind == Kind.INSPECTED) {
              word.container.ifPresentOrElse(inspected::add, () -> gone.add(id));
            } else if (word.kind == Kind.STARTED
                || word.kind == Kind.CHANGED
                || known.byId(id).isPresent()) {
              engine.inspect(id).ifPresentOrElse(inspected::add, () -> gone.add(id));
            }
          });
      registry.update(inspected, gone);
      eventsApplied.addAndGet(last.size());
    }

    private void inspectEarly(String id) {
      long token = ++tokens;
      early.put(id, token);
      // The answer comes back as a change in the queue, like an event.
      var unused =
          engine
              .inspectSoon(id)
              .whenComplete(
                  (container, error) -> offer(Signal.inspected(id, token, container, error)));
    }
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
    STARTED,
    CHANGED,
    DIED,
    CONNECTED,
    DISCONNECTED,
    INSPECTED,
    ENDED,
    RESYNC
  }

  /** A change the event stream reports, an early inspect's answer, or a request. */
  private static final class Signal {
    static final Signal RESYNC = new Signal(Kind.RESYNC, null);

    final Kind kind;
    final String containerId;
    final Throwable error;
    final Optional<Container> container;
    final Long token;

    private Signal(
        Kind kind, String containerId, Throwable error, Optional<Container> container, Long token) {
      this.kind = kind;
      this.containerId = containerId;
      this.error = error;
      this.container = container;
      this.token = token;
    }

    Signal(Kind kind, String containerId) {
      this(kind, containerId, null, Optional.empty(), null);
    }

    static Signal ended(Throwable error) {
      return new Signal(Kind.ENDED, null, error, Optional.empty(), null);
    }

    static Signal inspected(String id, long token, Optional<Container> container, Throwable error) {
      return new Signal(
          Kind.INSPECTED, id, error, container == null ? Optional.empty() : container, token);
    }

    String reason(String url) {
      return error == null
          ? "Docker Engine at " + url + " closed the event stream"
          : "event stream from Docker Engine at " + url + " broke: " + error.getMessage();
    }
  }
}
