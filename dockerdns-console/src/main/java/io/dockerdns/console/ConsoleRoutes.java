package io.dockerdns.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/** The console's handlers, and what they share. */
final class ConsoleRoutes {

  static final List<String> TABLES = List.of("name", "hostname", "image", "ip", "id");
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final ConsoleConfig config;
  private final ConsoleInputs inputs;
  private final ContainerDocuments documents;
  private final ObjectMapper mapper = new ObjectMapper();
  private final LiveViewers viewers;
  private final FirstScreen firstScreen;
  private final PageSecurity pageSecurity;

  ConsoleRoutes(ConsoleConfig config, ConsoleInputs inputs, ExecutorService viewerSenders) {
    this.config = config;
    this.inputs = inputs;
    this.documents = new ContainerDocuments(inputs.resolver());
    this.viewers = new LiveViewers(viewerSenders, () -> text(view(inputs.snapshots().get())));
    String page;
    try (InputStream in = ConsoleServer.class.getResourceAsStream("index.html")) {
      page =
          new String(
              Objects.requireNonNull(in, "index.html is missing from the jar").readAllBytes(),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.firstScreen = new FirstScreen(page);
    this.pageSecurity = new PageSecurity(page);
  }

  /** Token and Host checks before every request, and the page's security headers on each answer. */
  void guard(Context ctx) {
    pageSecurity.apply(ctx);
    // Against DNS rebinding: a console on loopback answers only to loopback host names.
    if (config.bindAddress().isLoopbackAddress() && !loopbackHost(ctx.host())) {
      ctx.skipRemainingHandlers();
      json(ctx, 421, Map.of("error", "Host '" + ctx.host() + "' is not this console's"));
      return;
    }
    if (config.token().isPresent()) {
      // A browser cannot add a header to a page load or an EventSource: the page passes the
      // token as ?token=, everything else sends the Authorization header.
      String header = Objects.requireNonNullElse(ctx.header("Authorization"), "");
      String query = ctx.queryParam("token");
      String given = query != null ? "Bearer " + query : header;
      String expected = "Bearer " + config.token().get();
      if (!MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
        ctx.skipRemainingHandlers();
        ctx.header("WWW-Authenticate", "Bearer");
        json(ctx, 401, Map.of("error", "missing or wrong bearer token"));
      }
    }
  }

  /** Whether an {@code Origin} header names this console: http(s) and the request's host. */
  private static boolean sameOrigin(String origin, String host) {
    return host != null
        && (origin.equalsIgnoreCase("http://" + host)
            || origin.equalsIgnoreCase("https://" + host));
  }

  private static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host;
    int colon = name.startsWith("[") ? -1 : name.indexOf(':');
    return LOOPBACK_HOSTS.contains(colon >= 0 ? name.substring(0, colon) : name);
  }

  /**
   * The page, its first screen filled in from the registry as it is now (see {@link FirstScreen}).
   */
  void page(Context ctx) {
    Map<String, Object> view = view(inputs.snapshots().get());
    ctx.contentType("text/html; charset=utf-8").result(firstScreen.render(view, text(view)));
  }

  void containers(Context ctx) {
    json(ctx, 200, view(inputs.snapshots().get()));
  }

  void events(SseClient client) {
    viewers.connect(client);
  }

  /**
   * {@code /events}: a stream of the page's data when the client asks for one ({@code Accept:
   * text/event-stream}, as EventSource does), else the current data as one event and the end.
   */
  Handler eventsOnceOrStream(Handler stream) {
    return ctx -> {
      String accept = Objects.requireNonNullElse(ctx.header("Accept"), "");
      if (accept.contains("text/event-stream")) {
        stream.handle(ctx);
        return;
      }
      ctx.contentType("text/event-stream; charset=utf-8")
          .result("data: " + text(view(inputs.snapshots().get())) + "\n\n");
    };
  }

  void dropStuckViewers() {
    viewers.dropStuck();
  }

  /** Sends a new snapshot to the live page's viewers; rendered only when there are some. */
  void broadcast(RegistrySnapshot snapshot) {
    viewers.broadcast(() -> text(view(snapshot)));
  }

  private Map<String, Object> view(RegistrySnapshot snapshot) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("freshness", health(snapshot));
    view.put(
        "containers",
        snapshot.containers().stream().map(c -> documents.document(c, snapshot)).toList());
    return view;
  }

  void help(Context ctx) {
    String base = "http://" + ctx.host();
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("GET /", "the live page");
    for (String t : TABLES) {
      endpoints.put("GET /" + t, "curl " + base + "/" + t);
      endpoints.put("GET /" + t + "/KEY", "curl " + base + "/" + t + "/KEY");
    }
    endpoints.put("GET /containers", "curl " + base + "/containers");
    endpoints.put("GET /events", "curl -N -H 'Accept: text/event-stream' " + base + "/events");
    endpoints.put("GET /ping", "curl " + base + "/ping");
    endpoints.put("GET /health", "curl " + base + "/health");
    endpoints.put("GET /metrics", "curl " + base + "/metrics");
    endpoints.put("POST /refresh", "curl -X POST " + base + "/refresh");
    json(ctx, 200, endpoints);
  }

  void health(Context ctx) {
    RegistrySnapshot snapshot = inputs.snapshots().get();
    json(ctx, snapshot.freshness().isInSync() ? 200 : 503, health(snapshot));
  }

  /**
   * The sources' freshness together, then each engine's own under {@code sources}, with how its
   * containers are answered ({@code answer}: container or published); an engine not read yet, with
   * no failure to tell, is said to be so.
   */
  private Map<String, Object> health(RegistrySnapshot snapshot) {
    Map<String, Object> body = freshness(snapshot.freshness());
    Map<String, Object> sources = new LinkedHashMap<>();
    List<String> unread = new ArrayList<>();
    snapshot
        .sources()
        .forEach(
            (engine, f) -> {
              Map<String, Object> one = freshness(f);
              one.put("answer", inputs.resolver().answerModeOf(engine).word());
              if (f.state() == Freshness.State.NEVER_SYNCED && f.failure().isEmpty()) {
                one.put("reason", "not read yet");
                unread.add(engine);
              }
              sources.put(engine, one);
            });
    if (!snapshot.freshness().isInSync() && !body.containsKey("reason") && !unread.isEmpty()) {
      body.put(
          "reason", "the Docker Engine at " + String.join(", ", unread) + " has not been read yet");
    }
    body.put("sources", sources);
    return body;
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(inputs.metrics().scrape());
  }

  void refresh(Context ctx) {
    // A page elsewhere can POST here without a preflight (a form, or fetch with text/plain):
    // only this console's own origin, or a client that sends none (curl, scripts), may. A browser
    // that leaves Origin out still says where the request comes from in Sec-Fetch-Site.
    String origin = ctx.header("Origin");
    if (origin != null && !sameOrigin(origin, ctx.host())) {
      json(ctx, 403, Map.of("error", "a refresh from origin '" + origin + "' is not accepted"));
      return;
    }
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      json(
          ctx,
          403,
          Map.of(
              "error",
              "a refresh from another site (Sec-Fetch-Site: " + site + ") is not accepted"));
      return;
    }
    inputs.refresh().run();
    json(ctx, 202, Map.of("refresh", "requested"));
  }

  void table(Context ctx) {
    String table = ctx.pathParam("table");
    if (knownTable(ctx, table)) {
      json(ctx, 200, documents.table(table, inputs.snapshots().get()));
    }
  }

  void entry(Context ctx) {
    String table = ctx.pathParam("table");
    String key = ctx.pathParam("key");
    if (!knownTable(ctx, table)) {
      return;
    }
    Optional<Object> value = documents.entry(table, key, inputs.snapshots().get());
    if (value.isEmpty()) {
      json(ctx, 404, Map.of("error", "no entry '" + key + "' in table '" + table + "'"));
      return;
    }
    json(ctx, 200, value.get());
  }

  /** False, after answering 404, when there is no such table. */
  private boolean knownTable(Context ctx, String table) {
    if (TABLES.contains(table)) {
      return true;
    }
    json(ctx, 404, Map.of("error", "no table '" + table + "'; tables: " + TABLES));
    return false;
  }

  void notFound(Context ctx) {
    if (!ctx.res().isCommitted() && ctx.result() == null) {
      json(ctx, 404, Map.of("error", "no such endpoint: " + ctx.path() + "; see /help"));
    }
  }

  private static Map<String, Object> freshness(Freshness f) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", f.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    f.lastSyncTime().ifPresent(t -> body.put("lastSync", t.toString()));
    f.staleSinceTime().ifPresent(t -> body.put("staleSince", t.toString()));
    f.failure().ifPresent(why -> body.put("reason", why));
    return body;
  }

  void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(text(body));
  }

  private String text(Object body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
