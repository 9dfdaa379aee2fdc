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
 * @param reason why the registry is not in sync: the last failure to follow the engine (null when
 *     in sync, or before the first attempt)
 */
public record Freshness(State state, Instant lastSync, Instant staleSince, String reason) {

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
    if (state == State.IN_SYNC && reason != null) {
      throw new IllegalArgumentException("a registry in sync has no reason to be otherwise");
    }
  }

  static Freshness neverSynced() {
    return new Freshness(State.NEVER_SYNCED, null, null, null);
  }

  static Freshness inSync(Instant at) {
    return new Freshness(State.IN_SYNC, at, null, null);
  }

  /**
   * Following the engine failed at {@code at} for {@code why}: stale from then (or from the first
   * failure, when already stale); a registry that never synced stays so, with the reason.
   */
  Freshness failed(Instant at, String why) {
    return switch (state) {
      case IN_SYNC -> new Freshness(State.STALE, lastSync, at, why);
      case STALE -> new Freshness(State.STALE, lastSync, staleSince, why);
      case NEVER_SYNCED -> new Freshness(State.NEVER_SYNCED, null, null, why);
    };
  }

  /** When the registry last matched the engine, if it ever did. */
  public Optional<Instant> lastSyncTime() {
    return Optional.ofNullable(lastSync);
  }

  /** When the registry lost the engine, if it is stale now. */
  public Optional<Instant> staleSinceTime() {
    return Optional.ofNullable(staleSince);
  }

  /** Why the registry is not in sync, once an attempt to follow the engine has failed. */
  public Optional<String> failure() {
    return Optional.ofNullable(reason);
  }

  public boolean isInSync() {
    return state == State.IN_SYNC;
  }
}
