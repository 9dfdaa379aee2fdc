package io.dockerdns.core.docker;

/**
 * The Swarm calls a {@link SwarmSource} makes to one engine. Every call answers within the engine's
 * request timeout or fails with an {@link EngineException} naming the engine.
 */
interface SwarmApi extends AutoCloseable {

  /** The engine's address, as logs and errors name it. */
  String url();

  /** What the engine is to a swarm now. */
  SwarmMembership membership();

  /** The swarm as this manager sees it now: services, running tasks, nodes and networks. */
  SwarmState state();

  @Override
  void close();
}
