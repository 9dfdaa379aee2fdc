package io.dockerdns.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.docker.EngineSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One engine to follow as the settings name it: its address and, for a remote engine, its own
 * certificate directory (two remote engines rarely share certificates); {@code certPath} null for
 * the shared {@code --docker-cert-path}.
 */
record EngineAddress(String url, Path certPath) {

  private static final List<String> OBJECT_KEYS = List.of("url", "cert_path");

  /** The engine's settings, with {@code sharedCertPath} when it has no directory of its own. */
  EngineSettings settings(Path sharedCertPath, Map<String, String> env) {
    return EngineSettings.forUrl(url, certPath != null ? certPath : sharedCertPath, env);
  }

  /**
   * The value type: on the command line a URL; in the config file a URL string, or an object {@code
   * {"url": ..., "cert_path": ...}}.
   */
  static ValueType<EngineAddress> type() {
    ValueType<String> url = ValueTypes.dockerUrl();
    ValueType<Path> path = ValueTypes.path();
    return new ValueType<>() {
      @Override
      public String expected() {
        return "a URL such as \"unix:///var/run/docker.sock\", or an object with \"url\" and"
            + " \"cert_path\"";
      }

      @Override
      public EngineAddress fromText(String text) {
        return new EngineAddress(url.fromText(text), null);
      }

      @Override
      public EngineAddress fromJson(JsonNode node) {
        if (!node.isObject()) {
          return fromText(textOf(node, "an engine"));
        }
        node.fieldNames()
            .forEachRemaining(
                key -> {
                  if (!OBJECT_KEYS.contains(key)) {
                    throw new IllegalArgumentException(
                        "unknown key \"" + key + "\" in an engine (known: url, cert_path)");
                  }
                });
        JsonNode given = node.get("url");
        if (given == null) {
          throw new IllegalArgumentException("an engine object needs a \"url\"");
        }
        JsonNode certs = node.get("cert_path");
        return new EngineAddress(
            url.fromText(textOf(given, "\"url\"")),
            certs == null || certs.isNull() ? null : path.fromText(textOf(certs, "\"cert_path\"")));
      }

      @Override
      public String show(EngineAddress value) {
        return value.certPath == null
            ? value.url
            : value.url + " (certificates " + value.certPath + ")";
      }
    };
  }

  private static String textOf(JsonNode node, String what) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(what + " must be a string, got " + node);
    }
    return node.textValue();
  }
}
