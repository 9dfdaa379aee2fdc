package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the engine said about one container: an event from its stream, or the answer to an
 * early inspect. The {@link EventCore} decides what each means; nothing here does I/O.
 */
sealed interface EngineFact {

  /** The container the fact is about. */
  String containerId();

  /** The container started: it runs now. */
  record Started(String containerId) implements EngineFact {
    public Started {
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** Something else happened to the container (renamed, paused, updated...). */
  record Changed(String containerId) implements EngineFact {
    public Changed {
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** The container's process ended: it is gone until a later fact says otherwise. */
  record Died(String containerId) implements EngineFact {
    public Died {
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** The container was connected to a network ({@code connected}) or disconnected from one. */
  record NetworkChanged(String containerId, boolean connected) implements EngineFact {
    public NetworkChanged {
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /**
   * The answer to the early inspect that carried {@code token}: the container as it was then (empty
   * when the engine no longer knows it), or {@code failed} when the inspect failed.
   */
  record Inspected(String containerId, long token, Optional<Container> container, boolean failed)
      implements EngineFact {
    public Inspected {
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(container, "container");
    }
  }
}
