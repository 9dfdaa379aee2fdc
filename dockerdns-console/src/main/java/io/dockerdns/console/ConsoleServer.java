package io.dockerdns.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockerdns.core.DockerDns;
import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.Subscription;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP console: the original program's JSON tables, health and metrics, and a live page.
 * Read-only (GET, and POST /refresh); other methods get 405. Never shows environment variables and
 * never proxies the Docker API.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final List<String> TABLES = List.of("name", "hostname", "image", "ip", "id");
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Javalin app;
  private final Subscription subscription;
  private final ExecutorService broadcaster;
  private final ExecutorService viewerSenders;

  /** Live-page viewers at once; more get 503. */
  static final int MAX_VIEWERS = 64;

  /** A viewer whose send is stuck this long when the next snapshot comes is dropped. */
  static final Duration VIEWER_WRITE_TIMEOUT = Duration.ofSeconds(5);

  private ConsoleServer(
      Javalin app,
      Subscription subscription,
      ExecutorService broadcaster,
      ExecutorService viewerSenders) {
    this.viewerSenders = viewerSenders;
    this.app = app;
    this.subscription = subscription;
    this.broadcaster = broadcaster;
  }

  /**
   * Starts the console for {@code registry}; {@code extraMetrics} adds Prometheus lines from other
   * parts of the process (the DNS server's query counters).
   */
  public static ConsoleServer start(
      ConsoleConfig config, DockerDns registry, Supplier<String> extraMetrics) {
    Objects.requireNonNull(registry, "registry");
    ExecutorService broadcaster =
        Executors.newSingleThreadExecutor(DaemonThreads.factory("dockerdns-console-events"));
    // One sending thread per viewer at most (a stuck viewer holds only its own).
    ExecutorService viewerSenders =
        Executors.newCachedThreadPool(DaemonThreads.factory("dockerdns-console-viewer"));
    Routes routes = new Routes(config, registry, extraMetrics, viewerSenders);
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.http.prefer405over404 = true;
              cfg.jetty.host = IpAddresses.format(config.bindAddress());
              cfg.jetty.port = config.port();
              cfg.jetty.modifyServletContextHandler(
                  handler ->
                      handler.addFilter(
                          new FilterHolder(new NoMethodOverride()),
                          "/*",
                          EnumSet.of(DispatcherType.REQUEST)));
              cfg.routes.before(routes::guard);
              cfg.routes.get("/", routes::page);
              cfg.routes.get("/containers", routes::containers);
              cfg.routes.sse("/events", routes::events);
              cfg.routes.get("/ping", ctx -> routes.json(ctx, 200, Map.of("ping", "pong")));
              cfg.routes.get("/help", routes::help);
              cfg.routes.get("/health", routes::health);
              cfg.routes.get("/metrics", routes::metrics);
              cfg.routes.post("/refresh", routes::refresh);
              cfg.routes.get("/{table}", routes::table);
              cfg.routes.get("/{table}/<key>", routes::entry);
              cfg.routes.error(404, "*", routes::notFound);
              cfg.routes.error(
                  405,
                  "*",
                  ctx ->
                      routes.json(
                          ctx,
                          405,
                          Map.of("error", ctx.method() + " is not allowed here; see /help")));
            });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the console cannot listen on "
              + IpAddresses.format(config.bindAddress())
              + " port "
              + config.port()
              + ": "
              + rootMessage(e),
          e);
    }
    Subscription subscription =
        registry.subscribe(change -> broadcaster.execute(() -> routes.broadcast(change.current())));
    LOG.info(
        "console listening on http://{}:{}/", IpAddresses.format(config.bindAddress()), app.port());
    return new ConsoleServer(app, subscription, broadcaster, viewerSenders);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    subscription.close();
    broadcaster.shutdownNow();
    viewerSenders.shutdownNow();
    app.stop();
    LOG.info("console stopped");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** The handlers, with what they share. */
  private static final class Routes {
    private final ConsoleConfig config;
    private final DockerDns registry;
    private final Supplier<String> extraMetrics;
    private final ContainerDocuments documents;
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventClients<SseClient> viewers;
    private final byte[] page;

    Routes(
        ConsoleConfig config,
        DockerDns registry,
        Supplier<String> extraMetrics,
        ExecutorService viewerSenders) {
      this.viewers =
          new EventClients<>(
              new SseSender(), viewerSenders, VIEWER_WRITE_TIMEOUT, System::nanoTime);
      this.config = config;
      this.registry = registry;
      this.extraMetrics = extraMetrics;
      this.documents = new ContainerDocuments(registry.resolver());
      try (InputStream in = ConsoleServer.class.getResourceAsStream("index.html")) {
        this.page = Objects.requireNonNull(in, "index.html is missing from the jar").readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Token and Host checks before every request. */
    void guard(Context ctx) {
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

    void page(Context ctx) {
      ctx.contentType("text/html; charset=utf-8").result(page);
    }

    void containers(Context ctx) {
      json(ctx, 200, view(registry.snapshot()));
    }

    void events(SseClient client) {
      if (viewers.size() >= MAX_VIEWERS) {
        client.ctx().status(503);
        client.sendComment("too many viewers (" + MAX_VIEWERS + ")");
        client.close();
        return;
      }
      client.keepAlive();
      viewers.add(client);
      client.onClose(() -> viewers.remove(client));
      client.sendEvent("snapshot", text(view(registry.snapshot())));
    }

    void broadcast(RegistrySnapshot snapshot) {
      viewers.broadcast(text(view(snapshot)));
    }

    /** SSE viewers as the fan-out sends to them. */
    private static final class SseSender implements EventClients.Sender<SseClient> {
      @Override
      public boolean send(SseClient client, String data) {
        try {
          client.sendEvent("snapshot", data);
          return !client.terminated();
        } catch (RuntimeException e) {
          return false;
        }
      }

      @Override
      public void close(SseClient client) {
        try {
          client.close();
        } catch (RuntimeException e) {
          // already gone
        }
      }
    }

    private Map<String, Object> view(RegistrySnapshot snapshot) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("freshness", freshness(snapshot.freshness()));
      view.put("containers", snapshot.containers().stream().map(documents::document).toList());
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
      Freshness f = registry.snapshot().freshness();
      Map<String, Object> body = freshness(f);
      if (f.isInSync()) {
        json(ctx, 200, body);
        return;
      }
      body.put(
          "reason",
          "the Docker Engine at "
              + registry.engineStats().dockerUrl()
              + (f.state() == Freshness.State.STALE
                  ? " has not answered since " + f.staleSince()
                  : " has not been read yet"));
      json(ctx, 503, body);
    }

    void metrics(Context ctx) {
      RegistrySnapshot snapshot = registry.snapshot();
      DockerDns.EngineStats stats = registry.engineStats();
      StringBuilder out = new StringBuilder();
      metric(out, "dockerdns_registry_containers", "gauge", "Running containers.", snapshot.size());
      metric(
          out,
          "dockerdns_registry_in_sync",
          "gauge",
          "1 while following the engine, 0 when stale or never synced.",
          snapshot.freshness().isInSync() ? 1 : 0);
      metric(
          out,
          "dockerdns_engine_events_applied_total",
          "counter",
          "Container re-inspections applied from engine events.",
          stats.eventsApplied());
      metric(
          out,
          "dockerdns_engine_reconnects_total",
          "counter",
          "Times the event stream was lost and followed again.",
          stats.reconnects());
      metric(
          out,
          "dockerdns_engine_connection_failures_total",
          "counter",
          "Times following the engine failed: each lost stream, each failed attempt after it.",
          stats.connectionFailures());
      double age =
          snapshot
              .freshness()
              .lastSyncTime()
              .map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0)
              .orElse(Double.NaN);
      metric(
          out,
          "dockerdns_seconds_since_last_sync",
          "gauge",
          "Seconds since the registry last matched the engine in full.",
          age);
      out.append(extraMetrics.get());
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toString());
    }

    private static void metric(
        StringBuilder out, String name, String type, String help, Object value) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      out.append(name).append(' ').append(value).append('\n');
    }

    void refresh(Context ctx) {
      // A page elsewhere can POST here without a preflight (a form, or fetch with text/plain):
      // only this console's own origin, or a client that sends none (curl, scripts), may.
      String origin = ctx.header("Origin");
      if (origin != null && !sameOrigin(origin, ctx.host())) {
        json(ctx, 403, Map.of("error", "a refresh from origin '" + origin + "' is not accepted"));
        return;
      }
      registry.refresh();
      json(ctx, 202, Map.of("refresh", "requested"));
    }

    void table(Context ctx) {
      String table = ctx.pathParam("table");
      if (knownTable(ctx, table)) {
        json(ctx, 200, documents.table(table, registry.snapshot()));
      }
    }

    void entry(Context ctx) {
      String table = ctx.pathParam("table");
      String key = ctx.pathParam("key");
      if (!knownTable(ctx, table)) {
        return;
      }
      Optional<Object> value = documents.entry(table, key, registry.snapshot());
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
}
