package io.dockerdns.core.docker;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.LabelReading;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.SourceFeed;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
 * <p>An engine can also stop answering while its connections stay open (a stopped daemon, a frozen
 * proxy): the event stream then just goes quiet. So while following, the engine is pinged every
 * {@link #PING_INTERVAL}, and every request must answer within the engine's request timeout; one
 * that does not ends the subscription like a broken stream: stale, with the reason, and a full read
 * once the engine answers again.
 *
 * <p>Events are applied on the thread that reads the stream whenever no full read is under way:
 * handing each one to another thread cost a wake-up, which on a busy two-core machine took 0.5 to
 * 14 ms (die to gone p50 8.7 ms with the hand-over, see bench/event-to-answer.sh). One lock keeps
 * every change in the engine's order: whoever holds it applies all that is queued. What each event
 * means is decided by the {@link EventCore}, which does no I/O; this class performs its plans.
 */
public final class DockerEventSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DockerEventSource.class);

  /** How often a quiet engine is asked whether it still answers. */
  static final Duration PING_INTERVAL = Duration.ofSeconds(2);

  /**
   * When a container is read again after a health check its engine announced before writing the
   * verdict ({@link Engine.EventSink#healthChecked}). Podman writes it within milliseconds of the
   * event; a second sooner or later matters little for checks that run every 30 s by default.
   */
  static final Duration HEALTH_REREAD = Duration.ofSeconds(1);

  private final Engine engine;
  private final Supplier<RegistrySnapshot> snapshots;
  private final SourceFeed feed;
  private final Duration pingInterval;
  private final Reconnection reconnection;
  private final CountDownLatch firstSync = new CountDownLatch(1);
  private final AtomicLong eventsApplied = new AtomicLong();
  private final AtomicInteger earlyInspectsUnderWay = new AtomicInteger();
  private final Thread thread;
  private final ReentrantLock applying = new ReentrantLock();
  private volatile BlockingQueue<Control> controls = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private final SwarmLink swarm;
  private final ReachQuestion reach = new ReachQuestion();
  private final ScheduledThreadPoolExecutor rereads = rereadTimer();

  public DockerEventSource(EngineSettings settings, ContainerRegistry registry) {
    this(settings, registry, LabelReading.NATIVE);
  }

  /** A source that reads its containers' labels as {@code labels} says. */
  public DockerEventSource(
      EngineSettings settings, ContainerRegistry registry, LabelReading labels) {
    this(new DockerEngine(settings), settings, registry, SwarmLink.NONE, labels);
  }

  /**
   * A source that works with {@code swarm}: it tells it of service and node events, leaves out the
   * containers of Swarm tasks once the swarm is followed, and shares its connection to the engine.
   */
  public DockerEventSource(
      EngineSettings settings, ContainerRegistry registry, SwarmSource swarm, LabelReading labels) {
    this(swarm.engineFor(settings), settings, registry, swarm, labels);
  }

  private DockerEventSource(
      Engine engine,
      EngineSettings settings,
      ContainerRegistry registry,
      SwarmLink swarm,
      LabelReading labels) {
    this(
        engine,
        new SwarmTasksLeftOut(
            new LabelWarnings(registry.source(settings.dockerUrl()), labels), swarm),
        registry::snapshot,
        settings.maxBackoff(),
        PING_INTERVAL,
        Clock.systemUTC(),
        swarm);
  }

  /**
   * A source reading {@code engine} into {@code feed}.
   *
   * @param snapshots the registry as it is now, across sources (which containers are known)
   * @param swarm told of service and node events
   */
  DockerEventSource(
      Engine engine,
      SourceFeed feed,
      Supplier<RegistrySnapshot> snapshots,
      Duration maxBackoff,
      Duration pingInterval,
      Clock clock,
      SwarmLink swarm) {
    this.engine = engine;
    this.swarm = swarm;
    this.feed = feed;
    this.snapshots = snapshots;
    this.pingInterval = pingInterval;
    this.reconnection = new Reconnection(engine.url(), maxBackoff, clock);
    this.thread = DaemonThreads.thread("dockerdns-events", this::run);
  }

  /**
   * Reads every running container once into the registry, without following events: for one-off
   * questions such as {@code dockerdns lookup}.
   *
   * @throws EngineException naming the engine when it cannot be reached
   */
  public void readOnce() {
    reach.askOnce(engine);
    feed.replaceAll(engine.runningContainers());
  }

  /**
   * Before its first full read, asks the engine whether the host can route to its containers and
   * tells {@code found} (empty: it can; else why not; see {@link ReachQuestion}). Call before
   * {@link #start()}.
   */
  public void askReach(Consumer<Optional<String>> found) {
    reach.askedBy(found);
  }

  /**
   * Says that reading this engine failed for {@code reason} (when {@link #readOnce()} threw): its
   * freshness carries the reason, as a followed engine's does.
   */
  public void markFailed(String reason) {
    feed.markStale(reason);
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
    controls.add(new Control.Resync());
  }

  /** Container re-inspections applied from events so far. */
  public long eventsApplied() {
    return eventsApplied.get();
  }

  /** Times the event stream was lost and followed again. */
  public long reconnects() {
    return reconnection.reconnects();
  }

  /** Times following the engine failed: each lost stream and each failed attempt after it. */
  public long connectionFailures() {
    return reconnection.failures();
  }

  /**
   * Early inspects (of containers that are starting) whose answers have not yet been applied or
   * dropped: 0 means no late answer can still change the registry.
   */
  public int earlyInspectsUnderWay() {
    return earlyInspectsUnderWay.get();
  }

  /** The engine address this source follows. */
  public String dockerUrl() {
    return engine.url();
  }

  private void run() {
    while (!closed) {
      String reason;
      try {
        followOnce();
        continue;
      } catch (EngineException e) {
        reason = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        reason = "unexpected error following the engine: " + e;
        LOG.debug("unexpected error", e);
      }
      if (closed) {
        return;
      }
      Reconnection.Lost lost = reconnection.lost(reason, snapshots.get().size() > 0);
      lost.warning().ifPresent(LOG::warn);
      feed.markStale(reason);
      try {
        Thread.sleep(lost.retryAfter().toMillis());
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
    Instant since = engine.ping().minusSeconds(1);
    reach.askOnce(engine);
    Closeable stream;
    // Held from before the subscription: events that arrive during the full read wait for it.
    applying.lock();
    try {
      stream = engine.followEvents(since, following);
      try {
        List<Container> running = engine.runningContainers();
        following.listed(running);
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
      long nextPing = System.nanoTime() + pingInterval.toNanos();
      while (!closed) {
        Control control =
            following.control.poll(nextPing - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (control == null) {
          // Quiet: does the engine still answer? A stream stays open on a stopped engine.
          engine.ping();
          nextPing = System.nanoTime() + pingInterval.toNanos();
          continue;
        }
        if (control instanceof Control.Ended ended) {
          // Changes queued with it are not lost: the reconnection starts with a full read.
          throw new EngineException(engine.url(), ended.reason(engine.url()), ended.error());
        }
        applying.lock();
        try {
          following.listing();
          following.listed(engine.runningContainers());
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
   * One subscription to the event stream, the shell around its {@link EventCore}: it queues what
   * the stream and the early inspects say, and performs the core's plans. Plans are made and
   * performed by whichever thread holds {@link #applying}: the stream's, an early inspect's, or the
   * following thread after a full read.
   */
  private final class Following implements Engine.EventSink {
    final BlockingQueue<EngineFact> queued = new LinkedBlockingQueue<>();
    final BlockingQueue<Control> control = new LinkedBlockingQueue<>();

    /** Guarded by {@link #applying}. */
    private final EventCore core = new EventCore();

    /** Ends this subscription's changes; the next one starts with a full read. */
    void retire() {
      applying.lock();
      try {
        core.ended();
      } finally {
        applying.unlock();
      }
    }

    /** A full read is starting; the caller holds {@link #applying}. */
    void listing() {
      core.listing();
    }

    /** The full read's answer; the caller holds {@link #applying}. */
    void listed(List<Container> running) {
      perform(core.listed(running));
      perform(core.apply(List.of(), known()));
    }

    @Override
    public void started(String containerId) {
      offer(new EngineFact.Started(containerId));
    }

    @Override
    public void changed(String containerId) {
      offer(new EngineFact.Changed(containerId));
    }

    @Override
    public void healthChecked(String containerId) {
      changed(containerId);
      var unused =
          rereads.schedule(
              () -> changed(containerId), HEALTH_REREAD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void died(String containerId) {
      offer(new EngineFact.Died(containerId));
    }

    @Override
    public void networkChanged(String containerId, boolean connected) {
      offer(new EngineFact.NetworkChanged(containerId, connected));
    }

    @Override
    public void swarmChanged() {
      swarm.swarmChanged();
    }

    @Override
    public void ended(Throwable error) {
      control.add(new Control.Ended(error));
    }

    private void offer(EngineFact fact) {
      queued.add(fact);
      try {
        applyQueued();
      } catch (RuntimeException e) {
        // An inspect failed: the engine is going away. The follower reconnects and reads it all.
        control.add(new Control.Ended(e));
      }
    }

    /**
     * Applies every queued fact unless another thread is applying; that thread then applies these
     * too, as it looks at the queue again after letting go of the lock.
     */
    void applyQueued() {
      while (!queued.isEmpty() && applying.tryLock()) {
        try {
          List<EngineFact> batch = new ArrayList<>();
          queued.drainTo(batch);
          try {
            perform(core.apply(batch, known()));
          } finally {
            // Applied, or dropped by a subscription that has ended: no longer under way.
            batch.stream()
                .filter(EngineFact.Inspected.class::isInstance)
                .forEach(answer -> earlyInspectsUnderWay.decrementAndGet());
          }
        } finally {
          applying.unlock();
        }
      }
    }

    private Predicate<String> known() {
      RegistrySnapshot snapshot = snapshots.get();
      return id -> snapshot.byFullId(id).isPresent();
    }

    private void perform(EventPlan plan) {
      plan.replacement().ifPresent(feed::replaceAll);
      plan.earlyInspects().forEach(this::inspectEarly);
      if (!plan.edits()) {
        return;
      }
      List<Container> put = new ArrayList<>(plan.put());
      List<String> remove = new ArrayList<>(plan.remove());
      for (String id : plan.inspect()) {
        engine.inspect(id).ifPresentOrElse(put::add, () -> remove.add(id));
      }
      feed.update(put, remove);
      eventsApplied.addAndGet(plan.changes());
    }

    /**
     * Docker connects a container's networks while it starts, holding the container until the start
     * is done; an inspect sent then is answered as soon as it is, where one sent on the start event
     * would still have to make its way there (start event to answer p50 9.2 -> 6.2 ms in one run of
     * bench/event-to-answer.sh). The answer comes back as a fact in the queue, like an event.
     */
    private void inspectEarly(EventPlan.EarlyInspect inspect) {
      String id = inspect.containerId();
      earlyInspectsUnderWay.incrementAndGet();
      var unused =
          engine
              .inspectSoon(id)
              .whenComplete(
                  (container, error) ->
                      offer(
                          new EngineFact.Inspected(
                              id,
                              inspect.token(),
                              container == null ? Optional.empty() : container,
                              error != null)));
    }
  }

  private void engineFound(int containers) {
    LOG.info(reconnection.found(containers));
    firstSync.countDown();
  }

  /** A thread that reads containers again later; it ends when idle, so a quiet source has none. */
  private static ScheduledThreadPoolExecutor rereadTimer() {
    var timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("dockerdns-reread"));
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }

  @Override
  public void close() {
    closed = true;
    rereads.shutdownNow();
    DaemonThreads.stop(thread, Duration.ofSeconds(5));
    try {
      engine.close();
    } catch (IOException e) {
      LOG.debug("closing the Docker client failed", e);
    }
  }

  /** What the following thread is asked: the stream ended, or a full re-read is wanted. */
  private sealed interface Control {
    /** The stream ended: {@code error} is null when the engine closed it. */
    record Ended(Throwable error) implements Control {
      String reason(String url) {
        return error == null
            ? "Docker Engine at " + url + " closed the event stream"
            : "event stream from Docker Engine at " + url + " broke: " + error.getMessage();
      }
    }

    /** A full re-read, as on reconnection. */
    record Resync() implements Control {}
  }
}
