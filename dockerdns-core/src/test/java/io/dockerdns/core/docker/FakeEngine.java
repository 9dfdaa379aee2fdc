package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import java.io.Closeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine in memory for the event source's shell: it holds running containers, tells a
 * subscription what a test does to them, and fails or holds its answers when told to.
 */
final class FakeEngine implements Engine {

  static final String URL = "fake://engine";

  private final Map<String, Container> running = new ConcurrentHashMap<>();
  private final Map<String, Container> writtenAfterNextInspect = new ConcurrentHashMap<>();
  private volatile EventSink sink;
  private volatile EngineException failing;
  private volatile EngineException failingInspects;
  private volatile CountDownLatch listingGate = new CountDownLatch(0);
  final AtomicInteger pings = new AtomicInteger();
  final AtomicInteger listings = new AtomicInteger();
  final CountDownLatch listingStarted = new CountDownLatch(1);

  /** From now on every call fails with "did not answer", as an engine that stopped answering. */
  void stopAnswering() {
    failing = new EngineException(URL, "Docker Engine at " + URL + " did not answer in time", null);
  }

  void answerAgain() {
    failing = null;
  }

  /** Inspects fail from now on, until {@link #inspectsWork()}. */
  void inspectsFail() {
    failingInspects = new EngineException(URL, "inspect failed", null);
  }

  void inspectsWork() {
    failingInspects = null;
  }

  /** The next full listings wait until {@link #openListing()}. */
  void holdListings() {
    listingGate = new CountDownLatch(1);
  }

  void openListing() {
    listingGate.countDown();
  }

  /** A container starts (or is there from the beginning, when nobody follows yet). */
  void start(Container container) {
    running.put(container.id(), container);
    EventSink s = sink;
    if (s != null) {
      s.started(container.id());
    }
  }

  /** A container is removed without its events reaching anyone (as while a stream is cut). */
  void removeQuietly(String id) {
    running.remove(id);
  }

  void die(String id) {
    running.remove(id);
    EventSink s = sink;
    if (s != null) {
      s.died(id);
    }
  }

  /**
   * A health check ran and its verdict makes the container {@code checked}, written only once the
   * first inspect after the event has read the verdict before, as can happen with Podman 4.3.
   */
  void checkHealthWritingAfterTheEvent(Container checked) {
    writtenAfterNextInspect.put(checked.id(), checked);
    EventSink s = sink;
    if (s != null) {
      s.healthChecked(checked.id());
    }
  }

  /** The stream ends, as when the engine closes it. */
  void endStream() {
    EventSink s = sink;
    sink = null;
    if (s != null) {
      s.ended(null);
    }
  }

  boolean followed() {
    return sink != null;
  }

  @Override
  public String url() {
    return URL;
  }

  @Override
  public Instant ping() {
    pings.incrementAndGet();
    fail();
    return Instant.now();
  }

  @Override
  public List<Container> runningContainers() {
    listings.incrementAndGet();
    listingStarted.countDown();
    try {
      if (!listingGate.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("a held listing was never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(URL, "interrupted", e);
    }
    fail();
    return List.copyOf(running.values());
  }

  @Override
  public Optional<Container> inspect(String id) {
    fail();
    EngineException inspectFailure = failingInspects;
    if (inspectFailure != null) {
      throw inspectFailure;
    }
    Optional<Container> read = Optional.ofNullable(running.get(id));
    Container written = writtenAfterNextInspect.remove(id);
    if (written != null) {
      running.put(id, written);
    }
    return read;
  }

  @Override
  public CompletableFuture<Optional<Container>> inspectSoon(String id) {
    return CompletableFuture.supplyAsync(() -> inspect(id));
  }

  @Override
  public Closeable followEvents(Instant since, EventSink newSink) {
    fail();
    sink = newSink;
    return () -> {
      if (sink == newSink) {
        sink = null;
      }
    };
  }

  private void fail() {
    EngineException e = failing;
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void close() {}
}
