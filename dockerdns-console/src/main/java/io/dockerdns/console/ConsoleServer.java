package io.dockerdns.console;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.net.BindFailures;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.Subscription;
import io.javalin.Javalin;
import io.javalin.http.sse.SseHandler;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  private final Javalin app;
  private final Subscription subscription;
  private final ScheduledExecutorService broadcaster;
  private final ExecutorService viewerSenders;

  private ConsoleServer(
      Javalin app,
      Subscription subscription,
      ScheduledExecutorService broadcaster,
      ExecutorService viewerSenders) {
    this.viewerSenders = viewerSenders;
    this.app = app;
    this.subscription = subscription;
    this.broadcaster = broadcaster;
  }

  /** Starts the console on what {@code inputs} give it. */
  public static ConsoleServer start(ConsoleConfig config, ConsoleInputs inputs) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(inputs, "inputs");
    requireFreePort(config);
    ScheduledExecutorService broadcaster =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.factory("dockerdns-console-events"));
    // One sending thread per viewer at most (a stuck viewer holds only its own).
    ExecutorService viewerSenders =
        Executors.newCachedThreadPool(DaemonThreads.factory("dockerdns-console-viewer"));
    ConsoleRoutes routes = new ConsoleRoutes(config, inputs, viewerSenders);
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
              cfg.routes.get("/events", routes.eventsOnceOrStream(new SseHandler(routes::events)));
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
      throw cannotListen(config, rootMessage(e), e);
    }
    Coalescing<RegistrySnapshot> latestSnapshot = new Coalescing<>(broadcaster, routes::broadcast);
    Subscription subscription =
        inputs.changes().apply(change -> latestSnapshot.accept(change.current()));
    var unused =
        broadcaster.scheduleWithFixedDelay(routes::dropStuckViewers, 1, 1, TimeUnit.SECONDS);
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

  /**
   * Fails with one line when the port cannot be had, before Jetty tries: Jetty's own failure comes
   * with framework error lines that say less.
   */
  private static void requireFreePort(ConsoleConfig config) {
    if (config.port() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(config.bindAddress(), config.port()));
    } catch (IOException e) {
      throw cannotListen(config, BindFailures.reason(e), e);
    }
  }

  private static IllegalArgumentException cannotListen(
      ConsoleConfig config, String reason, Exception cause) {
    return new IllegalArgumentException(
        "the console cannot listen on "
            + IpAddresses.format(config.bindAddress())
            + " port "
            + config.port()
            + ": "
            + reason,
        cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
