package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import java.io.Closeable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One engine as a {@link DockerEventSource} uses it: the few calls it makes, in our own types.
 * Every call answers within the engine's request timeout or fails; every failure is an {@link
 * EngineException} naming the engine. {@link DockerEngine} speaks the Engine API; tests give a
 * fake.
 */
interface Engine extends Closeable {

  /** The engine's address, as logs and errors name it. */
  String url();

  /** The engine's clock, to the second: asking it is also the check that the engine answers. */
  Instant ping();

  /**
   * Why the host cannot route to this engine's container addresses ({@code "rootless"}, {@code
   * "Docker Desktop"}), from what the engine says of itself; empty when it can (or the engine does
   * not say).
   */
  default Optional<String> unroutableBecause() {
    return Optional.empty();
  }

  /** Every running container, fully inspected. */
  List<Container> runningContainers();

  /** The container as it is now, or empty when it no longer exists. */
  Optional<Container> inspect(String id);

  /** {@link #inspect} on another thread. */
  CompletableFuture<Optional<Container>> inspectSoon(String id);

  /**
   * Follows container, network, service and node events from {@code since} (the engine replays what
   * it still remembers of the past), told to {@code sink} on a thread of the stream's. Returns a
   * handle that ends the stream when closed.
   */
  Closeable followEvents(Instant since, EventSink sink);

  /** Receives the event stream. Called on the thread that reads it. */
  interface EventSink {
    /** This container started: it runs now. */
    void started(String containerId);

    /** Something else happened to this container. */
    void changed(String containerId);

    /**
     * A health check ran on this container, and the engine may write its verdict only after saying
     * so: Podman 4.3 sends {@code health_status} and then writes the check's log, so an inspect on
     * the event can still read the verdict before (one PodmanIT run in eight missed a change so).
     */
    default void healthChecked(String containerId) {
      changed(containerId);
    }

    /** This container's process ended; it is gone until a later event says otherwise. */
    void died(String containerId);

    /** This container was connected to ({@code connected}) or disconnected from a network. */
    void networkChanged(String containerId, boolean connected);

    /**
     * A Swarm service or node changed (a manager's events): what the swarm answers may have.
     * Engines that are not managers never say it.
     */
    default void swarmChanged() {}

    /** The stream ended: {@code error} is null when the engine closed it. */
    void ended(Throwable error);
  }
}
