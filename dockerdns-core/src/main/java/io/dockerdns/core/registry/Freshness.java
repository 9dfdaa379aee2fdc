package io.dockerdns.core.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How current the registry is with respect to the Docker Engine.
 *
 * @param state whether the registry has synced, and whether it still follows the engine
 * @param lastSync when the registry last matched the engine in full (null before the first sync)
 * @param staleSince when the event stream was lost (null unless {@link State#STALE})
 */
public record Freshness(State state, Instant lastSync, Instant staleSince) {

  /** The registry's relation to the engine. */
  public enum State {
    /** Not yet synced: the registry is empty because the engine has not been read. */
    NEVER_SYNCED,
    /** Synced and following the event stream. */
    IN_SYNC,
    /** The engine was lost; the last known containers keep answering. */
    STALE
  }

  public Freshness {
    Objects.requireNonNull(state, "state");
    if (state == State.STALE && staleSince == null) {
      throw new IllegalArgumentException("a stale registry needs a staleSince time");
    }
  }

  static Freshness neverSynced() {
    return new Freshness(State.NEVER_SYNCED, null, null);
  }

  static Freshness inSync(Instant at) {
    return new Freshness(State.IN_SYNC, at, null);
  }

  Freshness staleFrom(Instant at) {
    return state == State.STALE ? this : new Freshness(State.STALE, lastSync, at);
  }

  /** When the registry last matched the engine, if it ever did. */
  public Optional<Instant> lastSyncTime() {
    return Optional.ofNullable(lastSync);
  }

  /** When the registry lost the engine, if it is stale now. */
  public Optional<Instant> staleSinceTime() {
    return Optional.ofNullable(staleSince);
  }

  public boolean isInSync() {
    return state == State.IN_SYNC;
  }
}
