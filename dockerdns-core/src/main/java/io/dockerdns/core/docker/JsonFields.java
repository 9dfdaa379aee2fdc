package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
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

  /** An object's string fields, as labels are given: other fields are left out. */
  static Map<String, String> textFields(JsonNode object) {
    Map<String, String> fields = new HashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (field.getValue().isTextual()) {
        fields.put(field.getKey(), field.getValue().asText());
      }
    }
    return fields;
  }
}
