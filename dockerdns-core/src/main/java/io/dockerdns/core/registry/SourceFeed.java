package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.util.Collection;

/**
 * What one source (one Docker Engine; later a Swarm) writes into a {@link ContainerRegistry}: its
 * own containers and its own freshness. One source's full read replaces only what that source
 * holds; a container two sources report (the same id) stays while either holds it.
 */
public interface SourceFeed {

  /** The source's name: the engine's address. */
  String name();

  /** Everything this source holds, after a full read; marks the source in sync. */
  void replaceAll(Collection<Container> containers);

  /**
   * What re-inspecting some of this source's containers found, and which are gone. Edits that
   * change nothing (a container found as it was known, an unknown one gone) publish nothing.
   */
  void update(Collection<Container> inspected, Collection<String> gone);

  /**
   * Following the source failed for {@code reason}: its containers keep answering; its freshness
   * says since when and why.
   */
  void markStale(String reason);
}
