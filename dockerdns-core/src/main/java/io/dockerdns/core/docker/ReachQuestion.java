package io.dockerdns.core.docker;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Whether the host can route to an engine's container addresses, asked of the engine once, before
 * its first full read, so the answers follow from the first snapshot on and no reply cache keeps
 * one made before. Asked only when someone wants to know (answer mode auto).
 */
final class ReachQuestion {

  private volatile Consumer<Optional<String>> asker;

  /** {@code found} is told why the host cannot reach containers, or empty when it can. */
  void askedBy(Consumer<Optional<String>> found) {
    this.asker = found;
  }

  /** Asks {@code engine}, the first time only; nothing when nobody asked. */
  void askOnce(Engine engine) {
    Consumer<Optional<String>> found = asker;
    if (found != null) {
      found.accept(engine.unroutableBecause());
      asker = null;
    }
  }
}
