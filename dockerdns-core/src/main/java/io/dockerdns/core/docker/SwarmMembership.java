package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an engine is to a Swarm, from its info ({@code GET /info}, {@code Swarm}): a manager holds
 * the swarm's services, tasks and nodes; a worker runs tasks but cannot say what the swarm holds.
 *
 * @param role the engine's part in a swarm
 * @param clusterId the swarm's id on a manager (managers of one swarm share it); empty otherwise
 */
record SwarmMembership(Role role, String clusterId) {

  /** An engine's part in a swarm. */
  enum Role {
    NONE,
    WORKER,
    MANAGER
  }

  static final SwarmMembership NONE = new SwarmMembership(Role.NONE, "");

  /** The membership an engine's info describes. */
  static SwarmMembership fromInfo(JsonNode info) {
    JsonNode swarm = info.path("Swarm");
    if (!"active".equals(swarm.path("LocalNodeState").asText(""))) {
      return NONE;
    }
    String cluster = swarm.path("Cluster").path("ID").asText("");
    return swarm.path("ControlAvailable").asBoolean(false) && !cluster.isEmpty()
        ? new SwarmMembership(Role.MANAGER, cluster)
        : new SwarmMembership(Role.WORKER, "");
  }
}
