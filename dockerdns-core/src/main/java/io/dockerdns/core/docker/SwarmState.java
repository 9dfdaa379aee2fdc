package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One reading of a swarm from a manager, as the Engine API answers it: {@code GET /services},
 * {@code GET /tasks} (those meant to run), {@code GET /nodes} and {@code GET /networks}. {@link
 * SwarmMapper} turns it into entries.
 */
record SwarmState(JsonNode services, JsonNode tasks, JsonNode nodes, JsonNode networks) {}
