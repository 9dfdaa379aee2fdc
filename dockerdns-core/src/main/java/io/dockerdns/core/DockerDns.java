package io.dockerdns.core;

import io.dockerdns.core.docker.DockerEventSource;
import io.dockerdns.core.docker.EngineException;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.docker.SwarmSource;
import io.dockerdns.core.match.AnswerMode;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.LabelReading;
import io.dockerdns.core.model.StaticRecord;
import io.dockerdns.core.records.StaticRecordsSource;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistryListener;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.Subscription;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of the running containers of one or several Docker Engines, for embedding in a Java
 * program. Each engine is a source of its own (its own connection, freshness and reconnection);
 * names answer from all of them together.
 *
 * <pre>{@code
 * try (DockerDns dns = DockerDns.create(EngineSettings.fromEnvironment(), NamingConfig.DEFAULT)) {
 *   dns.start();                                  // follow the engine's events
 *   dns.awaitSync(Duration.ofSeconds(10));
 *   Resolution r = dns.resolve("busybox.*.docker", QueryType.A);
 *   dns.subscribe(change -> System.out.println(change.added()));
 * }
 * }</pre>
 *
 * Nothing is read from an engine until {@link #start()} or {@link #readOnce()}.
 */
public final class DockerDns implements AutoCloseable, MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(DockerDns.class);

  private final ContainerRegistry registry = new ContainerRegistry();
  private final Resolver resolver;
  private final List<DockerEventSource> sources = new ArrayList<>();
  private final SwarmSource swarm; // null when swarms are not followed
  private StaticRecordsSource records; // null when no static record is given
  private volatile MeterRegistry meters; // once bound: a swarm found later registers its meters

  private DockerDns(List<EngineSettings> engines, NamingConfig naming, Duration swarmPoll) {
    this.resolver = new Resolver(naming);
    LabelReading labels = naming.labelReading();
    this.swarm = swarmPoll.isZero() ? null : new SwarmSource(engines, registry, swarmPoll, labels);
    for (EngineSettings engine : engines) {
      sources.add(
          swarm == null
              ? new DockerEventSource(engine, registry, labels)
              : new DockerEventSource(engine, registry, swarm, labels));
    }
    if (naming.answer() == AnswerMode.AUTO) {
      for (int i = 0; i < engines.size(); i++) {
        String url = engines.get(i).dockerUrl();
        sources.get(i).askReach(because -> reachFound(url, because));
      }
    }
    if (swarm != null) {
      swarm.onFirstFollow(this::refresh);
      swarm.onNewSwarm(
          name -> {
            MeterRegistry bound = meters;
            if (bound != null) {
              bindSourceState(bound, name);
            }
          });
    }
  }

  /** With answer mode AUTO: how the engine at {@code url} is answered, said once in the log. */
  private void reachFound(String url, Optional<String> unroutableBecause) {
    AnswerMode mode = unroutableBecause.isPresent() ? AnswerMode.PUBLISHED : AnswerMode.CONTAINER;
    resolver.answerModeFound(url, mode);
    LOG.info(
        unroutableBecause
            .map(
                why ->
                    "engine at "
                        + url
                        + " is "
                        + why
                        + ": its containers answer with the host's address for the ports they"
                        + " publish (answer auto)")
            .orElse(
                "engine at "
                    + url
                    + ": its containers answer with their own addresses (answer auto)"));
  }

  /** A registry for the engine {@code engine}, naming containers by {@code naming}. */
  public static DockerDns create(EngineSettings engine, NamingConfig naming) {
    Objects.requireNonNull(engine, "engine");
    return create(List.of(engine), naming);
  }

  /**
   * A registry for several engines at once, naming containers by {@code naming}.
   *
   * @throws IllegalArgumentException when there is none, or one engine's address is given twice
   */
  public static DockerDns create(List<EngineSettings> engines, NamingConfig naming) {
    return create(engines, naming, SwarmSource.DEFAULT_POLL);
  }

  /**
   * A registry for several engines at once, naming containers by {@code naming}, that follows the
   * swarms the engines manage (services, tasks, nodes: see {@link SwarmSource}) reading each every
   * {@code swarmPoll} when quiet; {@link Duration#ZERO} follows no swarm (its tasks' containers
   * then answer as the containers they are).
   *
   * @throws IllegalArgumentException when there is no engine, one engine's address is given twice,
   *     or the poll interval is negative
   */
  public static DockerDns create(
      List<EngineSettings> engines, NamingConfig naming, Duration swarmPoll) {
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(naming, "naming");
    Objects.requireNonNull(swarmPoll, "swarmPoll");
    if (swarmPoll.isNegative()) {
      throw new IllegalArgumentException("swarm poll interval must not be negative: " + swarmPoll);
    }
    if (engines.isEmpty()) {
      throw new IllegalArgumentException("no Docker Engine to follow");
    }
    List<String> urls = engines.stream().map(EngineSettings::dockerUrl).toList();
    for (String url : urls) {
      if (urls.indexOf(url) != urls.lastIndexOf(url)) {
        throw new IllegalArgumentException("the Docker Engine at " + url + " is given twice");
      }
    }
    return new DockerDns(engines, naming, swarmPoll);
  }

  /**
   * Follows every engine in the background: a full read, then its events, reconnecting when it is
   * lost. Returns at once; see {@link #awaitSync(Duration)}.
   */
  public DockerDns start() {
    if (records != null) {
      records.follow();
    }
    sources.forEach(DockerEventSource::start);
    if (swarm != null) {
      swarm.start();
    }
    return this;
  }

  /**
   * Answers names that are no container's as well: {@code given} ({@code NAME=ADDRESS}), and the
   * records of {@code hostsFiles}, read now and followed for changes once {@link #start()}ed. A
   * container holding a name wins over a record of it.
   *
   * @throws IllegalArgumentException naming a hosts file that cannot be read
   */
  public DockerDns withStaticRecords(List<StaticRecord> given, List<Path> hostsFiles) {
    if (records != null) {
      records.close();
    }
    records = new StaticRecordsSource(registry, given, hostsFiles, resolver.config().domains());
    records.readOnce();
    return this;
  }

  /**
   * Reads every engine's running containers once, without following events. An engine that cannot
   * be read is left never synced, with the reason ({@link RegistrySnapshot#sources()}), while the
   * others answer.
   *
   * @throws EngineException naming the engine when none could be read (the first one's failure)
   */
  public DockerDns readOnce() {
    if (swarm != null) {
      swarm.readOnce(); // first: once a swarm is followed, engines leave its tasks' containers out
    }
    EngineException first = null;
    int read = 0;
    for (DockerEventSource source : sources) {
      try {
        source.readOnce();
        read++;
      } catch (EngineException e) {
        source.markFailed(e.getMessage());
        first = first == null ? e : first;
      }
    }
    if (read == 0) {
      throw first;
    }
    return this;
  }

  /** Waits for every engine's first full read after {@link #start()}; false when it took longer. */
  public boolean awaitSync(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (DockerEventSource source : sources) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!source.awaitFirstSync(Duration.ofNanos(left))) {
        return false;
      }
    }
    long left = Math.max(0, deadline - System.nanoTime());
    return swarm == null || swarm.awaitFirstRead(Duration.ofNanos(left));
  }

  /** Asks for a full re-read of every engine (as after a reconnection). Returns at once. */
  public void refresh() {
    sources.forEach(DockerEventSource::requestResync);
  }

  /** The current snapshot of running containers. */
  public RegistrySnapshot snapshot() {
    return registry.snapshot();
  }

  /** Resolves a name against the current snapshot. */
  public Resolution resolve(String name, QueryType type) {
    return resolver.resolve(registry.snapshot(), name, type);
  }

  /** Hears of every change, on the registry's writer thread. */
  public Subscription subscribe(RegistryListener listener) {
    return registry.subscribe(listener);
  }

  /**
   * Registers the registry's and the engine connections' meters: running containers, whether in
   * sync, seconds since the last full sync (all sources together, and each source's with a {@code
   * source} tag: the engine's address), events applied, reconnections, connection failures and
   * early inspects under way (per source).
   */
  @Override
  public void bindTo(MeterRegistry meters) {
    Gauge.builder("dockerdns.registry.containers", registry, r -> r.snapshot().size())
        .description("Running containers.")
        .register(meters);
    Gauge.builder(
            "dockerdns.registry.in.sync",
            registry,
            r -> r.snapshot().freshness().isInSync() ? 1 : 0)
        .description("1 while following every engine, 0 when one is stale or never synced.")
        .register(meters);
    Gauge.builder("dockerdns.seconds.since.last.sync", registry, DockerDns::secondsSinceSync)
        .description("Seconds since the registry last matched every engine in full.")
        .register(meters);
    for (DockerEventSource source : sources) {
      bindSource(meters, source);
    }
    if (swarm != null) {
      this.meters = meters;
      swarm.sourceNames().forEach(name -> bindSourceState(meters, name));
    }
  }

  /** A source's containers and whether it is in sync: an engine's, or a swarm's. */
  private void bindSourceState(MeterRegistry meters, String source) {
    Gauge.builder("dockerdns.source.containers", registry, r -> r.heldBy(source))
        .description("Running containers (a swarm's: services and tasks) each source reports.")
        .tag("source", source)
        .register(meters);
    Gauge.builder("dockerdns.source.in.sync", registry, r -> inSync(r, source))
        .description("1 while following this source, 0 when it is stale or never synced.")
        .tag("source", source)
        .register(meters);
  }

  private void bindSource(MeterRegistry meters, DockerEventSource source) {
    String url = source.dockerUrl();
    bindSourceState(meters, url);
    FunctionCounter.builder(
            "dockerdns.engine.events.applied", source, DockerEventSource::eventsApplied)
        .description("Container re-inspections applied from engine events.")
        .tag("source", url)
        .register(meters);
    FunctionCounter.builder("dockerdns.engine.reconnects", source, DockerEventSource::reconnects)
        .description("Times the event stream was lost and followed again.")
        .tag("source", url)
        .register(meters);
    FunctionCounter.builder(
            "dockerdns.engine.connection.failures", source, DockerEventSource::connectionFailures)
        .description("Times following the engine failed: each lost stream, each failed retry.")
        .tag("source", url)
        .register(meters);
    Gauge.builder(
            "dockerdns.engine.early.inspects", source, DockerEventSource::earlyInspectsUnderWay)
        .description("Inspects of starting containers whose answers are not applied yet.")
        .tag("source", url)
        .register(meters);
  }

  private static double inSync(ContainerRegistry registry, String source) {
    var freshness = registry.snapshot().sources().get(source);
    return freshness != null && freshness.isInSync() ? 1 : 0;
  }

  private static double secondsSinceSync(ContainerRegistry registry) {
    return registry
        .snapshot()
        .freshness()
        .lastSyncTime()
        .map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0)
        .orElse(Double.NaN);
  }

  public Resolver resolver() {
    return resolver;
  }

  /**
   * Counters of each engine connection, in the order the engines were given: events applied,
   * reconnections, failures, inspects.
   */
  public List<EngineStats> engineStats() {
    return sources.stream()
        .map(
            source ->
                new EngineStats(
                    source.dockerUrl(),
                    source.eventsApplied(),
                    source.reconnects(),
                    source.connectionFailures(),
                    source.earlyInspectsUnderWay()))
        .toList();
  }

  /** The addresses of the engines followed, in the order they were given. */
  public List<String> engineUrls() {
    return sources.stream().map(DockerEventSource::dockerUrl).toList();
  }

  /**
   * Counters of one engine connection.
   *
   * @param dockerUrl the engine followed
   * @param eventsApplied container re-inspections applied from events
   * @param reconnects times the event stream was lost and followed again
   * @param connectionFailures times following the engine failed (each lost stream, and each failed
   *     attempt to follow it again)
   * @param earlyInspectsUnderWay inspects of starting containers whose answers are not yet applied
   */
  public record EngineStats(
      String dockerUrl,
      long eventsApplied,
      long reconnects,
      long connectionFailures,
      int earlyInspectsUnderWay) {}

  /** Stops following the engines and closes their connections. */
  @Override
  public void close() {
    if (records != null) {
      records.close();
    }
    if (swarm != null) {
      swarm.close();
    }
    sources.forEach(DockerEventSource::close);
  }
}
