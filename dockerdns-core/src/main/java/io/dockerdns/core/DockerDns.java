package io.dockerdns.core;

import io.dockerdns.core.docker.DockerEventSource;
import io.dockerdns.core.docker.EngineException;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistryListener;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.Subscription;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The registry of one Docker Engine's running containers, for embedding in a Java program.
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
 * Nothing is read from the engine until {@link #start()} or {@link #readOnce()}.
 */
public final class DockerDns implements AutoCloseable, MeterBinder {

  private final ContainerRegistry registry = new ContainerRegistry();
  private final Resolver resolver;
  private final DockerEventSource source;

  private DockerDns(EngineSettings engine, NamingConfig naming) {
    this.resolver = new Resolver(naming);
    this.source = new DockerEventSource(engine, registry);
  }

  /** A registry for the engine {@code engine}, naming containers by {@code naming}. */
  public static DockerDns create(EngineSettings engine, NamingConfig naming) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(naming, "naming");
    return new DockerDns(engine, naming);
  }

  /**
   * Follows the engine in the background: a full read, then its events, reconnecting when it is
   * lost. Returns at once; see {@link #awaitSync(Duration)}.
   */
  public DockerDns start() {
    source.start();
    return this;
  }

  /**
   * Reads the running containers once, without following events.
   *
   * @throws EngineException naming the engine when it cannot be reached
   */
  public DockerDns readOnce() {
    source.readOnce();
    return this;
  }

  /** Waits for the first full read after {@link #start()}; false when it took longer. */
  public boolean awaitSync(Duration timeout) throws InterruptedException {
    return source.awaitFirstSync(timeout);
  }

  /** Asks for a full re-read of the engine (as after a reconnection). Returns at once. */
  public void refresh() {
    source.requestResync();
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
   * Registers the registry's and the engine connection's meters: running containers, whether in
   * sync, seconds since the last full sync, events applied, reconnections, connection failures and
   * early inspects under way.
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
        .description("1 while following the engine, 0 when stale or never synced.")
        .register(meters);
    Gauge.builder("dockerdns.seconds.since.last.sync", registry, DockerDns::secondsSinceSync)
        .description("Seconds since the registry last matched the engine in full.")
        .register(meters);
    FunctionCounter.builder(
            "dockerdns.engine.events.applied", source, DockerEventSource::eventsApplied)
        .description("Container re-inspections applied from engine events.")
        .register(meters);
    FunctionCounter.builder("dockerdns.engine.reconnects", source, DockerEventSource::reconnects)
        .description("Times the event stream was lost and followed again.")
        .register(meters);
    FunctionCounter.builder(
            "dockerdns.engine.connection.failures", source, DockerEventSource::connectionFailures)
        .description("Times following the engine failed: each lost stream, each failed retry.")
        .register(meters);
    Gauge.builder(
            "dockerdns.engine.early.inspects", source, DockerEventSource::earlyInspectsUnderWay)
        .description("Inspects of starting containers whose answers are not applied yet.")
        .register(meters);
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

  /** Counters of the engine connection: events applied, reconnections, failures, inspects. */
  public EngineStats engineStats() {
    return new EngineStats(
        source.dockerUrl(),
        source.eventsApplied(),
        source.reconnects(),
        source.connectionFailures(),
        source.earlyInspectsUnderWay());
  }

  /**
   * Counters of the engine connection.
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

  /** Stops following the engine and closes the connection. */
  @Override
  public void close() {
    source.close();
  }
}
