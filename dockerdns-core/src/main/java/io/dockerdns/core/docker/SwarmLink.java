package io.dockerdns.core.docker;

/** What the engines' sources and the swarm source tell each other. */
interface SwarmLink {

  /** No swarm followed: engines keep every container. */
  SwarmLink NONE =
      new SwarmLink() {
        @Override
        public boolean followsSwarm() {
          return false;
        }

        @Override
        public void swarmChanged() {}
      };

  /**
   * Whether a swarm manager is (or was) followed: the swarm's tasks then answer from the swarm,
   * with its names, and the engines that run them leave their containers out.
   */
  boolean followsSwarm();

  /** An engine's events said a swarm service or node changed. */
  void swarmChanged();
}
