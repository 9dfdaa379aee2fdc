package io.dockerdns.core.docker;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.LabelReading;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.SourceFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the swarms that the followed engines manage: services, their running tasks on every node,
 * and the nodes, named as {@link SwarmMapper} says.
 *
 * <p>Which engines are managers, and of which swarm, is asked of each engine at start and every
 * {@link #REDISCOVERY}. Managers of one swarm (one cluster id) are one source, named {@code
 * swarm:CLUSTERID}: one of them is read, and when it fails the next is, so a swarm's entries never
 * double. A worker given as an engine is said once: its containers answer as containers.
 *
 * <p>Swarm has no task events. A swarm is read again when an engine's events say a service or node
 * changed ({@link #swarmChanged()}), every {@link #CONVERGING_POLL} while a service is converging
 * (tasks starting, fewer running than asked for), and every poll interval otherwise. A read that
 * changes nothing publishes nothing.
 */
public final class SwarmSource implements SwarmLink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SwarmSource.class);

  /** The poll interval when none is given. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

  /** How often a converging swarm is read: a new task answers soon after it runs. */
  static final Duration CONVERGING_POLL = Duration.ofMillis(250);

  /** How often the engines are asked again what they are to a swarm. */
  static final Duration REDISCOVERY = Duration.ofSeconds(30);

  /** The prefix of a swarm source's name; the cluster id follows. */
  public static final String SOURCE_PREFIX = "swarm:";

  private final List<SwarmApi> engines;
  private final Function<String, SourceFeed> feeds;
  private final Duration poll;
  private final Thread thread;
  private final Semaphore changes = new Semaphore(0);
  private final CountDownLatch firstRead = new CountDownLatch(1);
  private final Map<String, Swarm> swarms = new LinkedHashMap<>(); // by cluster id; this thread's
  private final Set<String> said = new HashSet<>();
  private volatile boolean followed;
  private volatile boolean closed;
  private volatile Runnable onFirstFollow = () -> {};
  private volatile Consumer<String> onNewSwarm = name -> {};

  /**
   * A source for the swarms {@code engines} manage, read every {@code poll} when quiet, reading the
   * services' labels as {@code labels} says.
   */
  public SwarmSource(
      List<EngineSettings> engines,
      ContainerRegistry registry,
      Duration poll,
      LabelReading labels) {
    this(
        engines.stream().map(e -> (SwarmApi) new DockerEngine(e)).toList(),
        name -> new LabelWarnings(registry.source(name), labels),
        poll);
  }

  SwarmSource(List<SwarmApi> engines, Function<String, SourceFeed> feeds, Duration poll) {
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("swarm poll interval must be positive, got " + poll);
    }
    this.engines = List.copyOf(engines);
    this.feeds = feeds;
    this.poll = poll;
    this.thread = DaemonThreads.thread("dockerdns-swarm", this::run);
  }

  /**
   * Runs {@code action} once, when a swarm is first followed: the engines' sources read again, so
   * the task containers they hold leave (see {@link SwarmTasksLeftOut}).
   */
  public void onFirstFollow(Runnable action) {
    this.onFirstFollow = action;
  }

  /** Hears of each swarm source's name when it is first followed (to register its meters). */
  public void onNewSwarm(Consumer<String> listener) {
    this.onNewSwarm = listener;
  }

  /** Follows the swarms in the background. */
  public void start() {
    thread.start();
  }

  /** Finds the managers and reads each swarm once, on the caller's thread ({@code lookup}). */
  public void readOnce() {
    discover();
    swarms.values().forEach(this::read);
  }

  /** Waits until the engines were asked and each swarm found read once; false on timeout. */
  public boolean awaitFirstRead(Duration timeout) throws InterruptedException {
    return firstRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The names of the swarm sources followed so far. */
  public List<String> sourceNames() {
    synchronized (swarms) {
      return swarms.values().stream().map(s -> s.feed.name()).toList();
    }
  }

  /**
   * The connection this source made to the engine {@code settings} name, for the engine's own
   * source to share (one set of connections and request threads per engine); a new one when this
   * source has none.
   */
  Engine engineFor(EngineSettings settings) {
    for (SwarmApi api : engines) {
      if (api instanceof Engine engine && api.url().equals(settings.dockerUrl())) {
        return engine;
      }
    }
    return new DockerEngine(settings);
  }

  @Override
  public boolean followsSwarm() {
    return followed;
  }

  @Override
  public void swarmChanged() {
    changes.release();
  }

  private void run() {
    long nextDiscovery = System.nanoTime();
    while (!closed) {
      if (System.nanoTime() - nextDiscovery >= 0) {
        discover();
        nextDiscovery = System.nanoTime() + REDISCOVERY.toNanos();
      }
      boolean converging = false;
      for (Swarm swarm : swarms.values()) {
        converging |= read(swarm);
      }
      firstRead.countDown();
      Duration wait = converging ? CONVERGING_POLL : poll;
      try {
        if (changes.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          changes.drainPermits(); // one read answers every change told meanwhile
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Asks every engine what it is to a swarm; groups the managers by swarm. */
  private void discover() {
    Map<String, List<SwarmApi>> managers = new LinkedHashMap<>();
    for (SwarmApi engine : engines) {
      SwarmMembership membership;
      try {
        membership = engine.membership();
      } catch (EngineException e) {
        continue; // the engine's own source says it cannot be reached
      }
      switch (membership.role()) {
        case MANAGER ->
            managers.computeIfAbsent(membership.clusterId(), id -> new ArrayList<>()).add(engine);
        case WORKER ->
            sayOnce(
                engine.url()
                    + " is a swarm worker: its containers answer as containers; the swarm's"
                    + " services and tasks need a manager's address among the engines followed");
        case NONE -> {}
      }
    }
    managers.forEach(this::follow);
  }

  private void follow(String clusterId, List<SwarmApi> managers) {
    Swarm swarm = swarms.get(clusterId);
    if (swarm == null) {
      swarm = new Swarm(feeds.apply(SOURCE_PREFIX + clusterId), managers);
      synchronized (swarms) {
        swarms.put(clusterId, swarm);
      }
      LOG.info(
          "following swarm {} through {} manager(s): {}",
          clusterId,
          managers.size(),
          managers.stream().map(SwarmApi::url).toList());
      onNewSwarm.accept(swarm.feed.name());
      if (!followed) {
        followed = true;
        onFirstFollow.run();
      }
    } else {
      swarm.managers = managers;
      swarm.current = Math.min(swarm.current, managers.size() - 1);
    }
  }

  /** Reads one swarm from its current manager, or the next that answers; true when converging. */
  private boolean read(Swarm swarm) {
    String failure = "";
    int count = swarm.managers.size();
    for (int i = 0; i < count; i++) {
      SwarmApi manager = swarm.managers.get((swarm.current + i) % count);
      try {
        SwarmMapper.Mapped mapped =
            SwarmMapper.map(manager.state(), swarm.feed.name(), swarm.tasksByVersion);
        if (i > 0 || !swarm.inSync) {
          LOG.info("{}: reading manager {}", swarm.feed.name(), manager.url());
        }
        swarm.current = (swarm.current + i) % count;
        swarm.apply(mapped.entries());
        swarm.tasksByVersion = mapped.tasksByVersion();
        mapped.skipped().forEach(this::sayOnce);
        return mapped.converging();
      } catch (EngineException | IllegalArgumentException e) {
        failure = e.getMessage();
      }
    }
    if (swarm.inSync) {
      LOG.warn("{}: no manager answers ({}); its names stay, stale", swarm.feed.name(), failure);
      swarm.feed.markStale("no manager answers: " + failure);
      swarm.inSync = false;
    }
    return false;
  }

  private void sayOnce(String line) {
    if (said.add(line)) {
      LOG.warn(line);
    }
  }

  @Override
  public void close() {
    closed = true;
    DaemonThreads.stop(thread, Duration.ofSeconds(5));
    engines.forEach(SwarmApi::close);
  }

  /** One swarm: its feed, its managers, and what it holds. */
  private static final class Swarm {
    final SourceFeed feed;
    volatile List<SwarmApi> managers;
    int current;
    boolean inSync;
    Map<String, Container> held = Map.of(); // by id, as last applied
    Map<String, Container> tasksByVersion = Map.of(); // the last reading's, for the next

    Swarm(SourceFeed feed, List<SwarmApi> managers) {
      this.feed = feed;
      this.managers = managers;
    }

    /**
     * The first read after a loss replaces everything (and is in sync); later ones edit only the
     * entries that differ from the last read: a swarm of 2,000 tasks where one service changed is
     * then a small edit, not 2,000 refiled entries.
     */
    @SuppressWarnings("ReferenceEquality") // a reused entry is the same object: no deep compare
    void apply(List<Container> entries) {
      Map<String, Container> now = new HashMap<>();
      entries.forEach(e -> now.put(e.id(), e));
      if (inSync) {
        List<Container> changed = new ArrayList<>();
        for (Container entry : entries) {
          Container before = held.get(entry.id());
          if (entry != before && !entry.equals(before)) { // an entry made again is a new object
            changed.add(entry);
          }
        }
        List<String> gone = held.keySet().stream().filter(id -> !now.containsKey(id)).toList();
        if (!changed.isEmpty() || !gone.isEmpty()) {
          feed.update(changed, gone);
        }
      } else {
        feed.replaceAll(entries);
        inSync = true;
      }
      held = now;
    }
  }
}
