package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading the engine's JSON answers, where any field may be missing, null or empty. */
final class JsonFields {

  private JsonFields() {}

  /** A field's text, when it is a non-blank string. */
  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }
}
