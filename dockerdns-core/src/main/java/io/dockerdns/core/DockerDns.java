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
import java.time.Duration;
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
public final class DockerDns implements AutoCloseable {

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

  public ContainerRegistry registry() {
    return registry;
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
