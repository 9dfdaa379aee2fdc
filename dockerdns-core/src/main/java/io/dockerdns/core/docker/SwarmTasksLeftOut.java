package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.registry.SourceFeed;
import java.util.Collection;
import java.util.List;

/**
 * An engine's feed that leaves out the containers of Swarm tasks while a swarm manager is followed:
 * the swarm source answers for them, with the swarm's names, and one container reported twice would
 * answer under both.
 */
final class SwarmTasksLeftOut implements SourceFeed {

  /** The label Docker puts on every task's container. */
  static final String TASK_ID_LABEL = "com.docker.swarm.task.id";

  private final SourceFeed feed;
  private final SwarmLink swarm;

  SwarmTasksLeftOut(SourceFeed feed, SwarmLink swarm) {
    this.feed = feed;
    this.swarm = swarm;
  }

  @Override
  public String name() {
    return feed.name();
  }

  @Override
  public void replaceAll(Collection<Container> containers) {
    feed.replaceAll(kept(containers));
  }

  @Override
  public void update(Collection<Container> inspected, Collection<String> gone) {
    feed.update(kept(inspected), gone);
  }

  @Override
  public void markStale(String reason) {
    feed.markStale(reason);
  }

  private Collection<Container> kept(Collection<Container> containers) {
    if (!swarm.followsSwarm()) {
      return containers;
    }
    List<Container> kept =
        containers.stream().filter(c -> !c.labels().containsKey(TASK_ID_LABEL)).toList();
    return kept.size() == containers.size() ? containers : kept;
  }
}
