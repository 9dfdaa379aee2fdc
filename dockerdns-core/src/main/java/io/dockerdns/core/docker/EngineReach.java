package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads from an engine's {@code GET /info} whether the host can route to its container addresses.
 * It cannot for rootless Docker (a security option {@code name=rootless}), rootless Podman (its
 * compatible info's {@code Rootless: true}) and Docker Desktop (its operating system, {@code
 * "Docker Desktop"}): their containers live in a namespace or a virtual machine of their own.
 */
final class EngineReach {

  private EngineReach() {}

  static Optional<String> unroutableBecause(JsonNode info) {
    if (info.path("Rootless").asBoolean(false)) {
      return Optional.of("rootless");
    }
    for (JsonNode option : info.path("SecurityOptions")) {
      if (option.asText("").toLowerCase(Locale.ROOT).contains("name=rootless")) {
        return Optional.of("rootless");
      }
    }
    String system = info.path("OperatingSystem").asText("");
    return system.contains("Docker Desktop") ? Optional.of("Docker Desktop") : Optional.empty();
  }
}
