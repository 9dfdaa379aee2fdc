package io.dockerdns.core.docker;

import static io.dockerdns.core.docker.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.model.Health;
import io.dockerdns.core.model.Health.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a container's health from the inspect answer's {@code State.Health}: the verdict, and since
 * when. Docker and Podman both write {@code {"Status": "healthy", "Log": [{"Start": ..., "End":
 * ..., "ExitCode": 0}, ...]}}, the log holding the last few checks, oldest first.
 */
final class HealthReading {

  private HealthReading() {}

  static Health of(JsonNode state) {
    JsonNode health = state.path("Health");
    Status status = text(health, "Status").map(Status::parse).orElse(Status.NONE);
    return switch (status) {
      case NONE -> Health.NONE;
      case STARTING -> new Health(status, time(state, "StartedAt"));
      case HEALTHY, UNHEALTHY -> new Health(status, streakStart(health.path("Log"), status));
    };
  }

  /**
   * When the run of checks that ends the log with this verdict's outcome began: the start of its
   * first check (healthy: passing checks; unhealthy: failing ones).
   */
  private static Optional<Instant> streakStart(JsonNode log, Status status) {
    boolean passing = status == Status.HEALTHY;
    Optional<Instant> start = Optional.empty();
    for (int i = log.size() - 1; i >= 0; i--) {
      JsonNode check = log.get(i);
      if ((check.path("ExitCode").asInt(-1) == 0) != passing) {
        break;
      }
      start = time(check, "Start").or(() -> time(check, "End"));
    }
    return start;
  }

  /** An RFC 3339 time (Docker: UTC, Podman: local offset); empty when absent or Docker's zero. */
  private static Optional<Instant> time(JsonNode node, String field) {
    try {
      return text(node, field)
          .map(t -> OffsetDateTime.parse(t).toInstant())
          .filter(t -> t.getEpochSecond() > 0);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
