package io.dockerdns.core.docker;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.Container;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The few Engine API calls dockerdns makes, in our own types. Every failure comes out as an {@link
 * EngineException} naming the engine address. Requests (ping, list, inspect) go through a client
 * whose answers must come within the request timeout, so an engine that stops answering is noticed;
 * the event stream, an answer that lasts as long as it is followed, has a client of its own.
 */
final class DockerEngine implements Engine, SwarmApi {

  /** Inspections running at once during a full read. */
  private static final int PARALLEL_INSPECTS = 8;

  /**
   * An inspect thread idle this long ends: the pool is busy during a full read and for a starting
   * container, and a host daemon should not keep eight threads for that all day.
   */
  private static final long INSPECT_THREAD_IDLE_SECONDS = 10;

  private final EngineSettings settings;
  private DockerClients.Clients clients; // made on first use: see clients()
  private final ExecutorService inspectPool;
  private final CallDeadlines deadlines = new CallDeadlines();
  private final AtomicBoolean closed = new AtomicBoolean();

  DockerEngine(EngineSettings settings) {
    this.settings = settings;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            PARALLEL_INSPECTS,
            PARALLEL_INSPECTS,
            INSPECT_THREAD_IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.factory("dockerdns-inspect"));
    pool.allowCoreThreadTimeOut(true);
    this.inspectPool = pool;
  }

  /**
   * docker-java's HTTP transport, made by the first caller: making it loads much of docker-java,
   * Jackson and the HTTP client, which then happens on the thread that follows the engine while the
   * servers start on another.
   */
  private synchronized DockerClients.Clients clients() {
    if (clients == null) {
      clients = DockerClients.create(settings);
    }
    return clients;
  }

  @Override
  public String url() {
    return settings.dockerUrl();
  }

  /**
   * The engine's clock, to the second, so "events since" means the engine's own time. Read from the
   * Date header of a ping: the engine's info carries the time too, but reading its large document
   * the first time took ~290 ms of start-up (bench/startup.sh).
   */
  @Override
  public Instant ping() {
    String date =
        withinTimeout(
            "ping the engine",
            () -> {
              try (DockerHttpClient.Response response = send(requests(), "/_ping")) {
                return response.getHeader("Date");
              }
            });
    try {
      return date == null
          ? Instant.now()
          : ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }

  @Override
  public List<Container> runningContainers() {
    JsonNode listed =
        getJson("/containers/json", "list containers")
            .orElseThrow(() -> refused("list containers", "404 not found"));
    // Inspections are independent round trips: a few at a time cut a full read of 100
    // containers from seconds to a fraction of one.
    List<CompletableFuture<Optional<Container>>> inspections = new ArrayList<>(listed.size());
    for (JsonNode c : listed) {
      String id = c.path("Id").asText("");
      inspections.add(inspectSoon(id));
    }
    List<Container> running = new ArrayList<>(listed.size());
    for (CompletableFuture<Optional<Container>> inspection : inspections) {
      try {
        inspection.join().filter(Container::isUp).ifPresent(running::add);
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return running;
  }

  @Override
  public CompletableFuture<Optional<Container>> inspectSoon(String id) {
    return CompletableFuture.supplyAsync(() -> inspect(id), inspectPool);
  }

  @Override
  public Optional<Container> inspect(String id) {
    String doing = "inspect container " + id;
    Optional<JsonNode> answer = getJson("/containers/" + id + "/json", doing);
    try {
      return answer.map(inspect -> ContainerMapper.toContainer(inspect, url()));
    } catch (IllegalArgumentException e) {
      String message = "Docker Engine at " + url() + " gave an unreadable answer to " + doing;
      throw new EngineException(url(), message + ": " + e.getMessage(), e);
    }
  }

  /**
   * The JSON answer to a GET, or empty when the engine says there is no such thing (404), read
   * whole within the request timeout. The list and inspect answers are read as trees rather than
   * through docker-java's commands: see {@link ContainerMapper}.
   */
  private Optional<JsonNode> getJson(String path, String doing) {
    return withinTimeout(
        doing,
        () -> {
          try (DockerHttpClient.Response response = checked(send(requests(), path), doing)) {
            if (response.getStatusCode() == 404) {
              return Optional.empty();
            }
            return Optional.of(clients().json().readTree(response.getBody()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * The engine's answer to a GET: a success, or 404, which each caller reads its own way (no such
   * container; no such endpoint). Any other status is refused with the engine's reason.
   */
  private DockerHttpClient.Response checked(DockerHttpClient.Response response, String doing) {
    int status = response.getStatusCode();
    if (status / 100 != 2 && status != 404) {
      throw refusal(response, doing);
    }
    return response;
  }

  /**
   * Runs a call to the engine that must be done within the request timeout: the HTTP client's
   * response timeout (TCP) and {@link CallDeadlines} (sockets that ignore it) both bound it. Any
   * failure is an {@link EngineException}; running out of time says so.
   */
  private <T> T withinTimeout(String doing, Supplier<T> call) {
    try {
      return deadlines.within(settings.requestTimeout(), call);
    } catch (CallDeadlines.Expired e) {
      throw notAnswered(doing, e);
    } catch (RuntimeException e) {
      throw isTimeout(e) ? notAnswered(doing, e) : EngineException.wrap(url(), doing, e);
    }
  }

  private EngineException notAnswered(String doing, Throwable cause) {
    return new EngineException(
        url(),
        "Docker Engine at "
            + url()
            + " did not answer within "
            + settings.requestTimeout().toMillis()
            + " ms ("
            + doing
            + ")",
        cause);
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private DockerHttpClient requests() {
    return clients().requests();
  }

  /**
   * Sends a GET. Paths carry no API version: the engine answers in its own, so old engines work.
   */
  private static DockerHttpClient.Response send(DockerHttpClient http, String path) {
    return http.execute(
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build());
  }

  /** Closes an error answer and says why the engine gave it. */
  private EngineException refusal(DockerHttpClient.Response response, String doing) {
    try (response) {
      return refused(doing, response.getStatusCode() + " " + message(response));
    }
  }

  /** The engine's reason for an error answer: {@code {"message": "..."}}. */
  private String message(DockerHttpClient.Response response) {
    try {
      return JsonFields.text(clients().json().readTree(response.getBody()), "message")
          .orElse("(no message)");
    } catch (IOException | RuntimeException e) {
      return "(no readable message)";
    }
  }

  private EngineException refused(String doing, String why) {
    boolean wantsTls = EngineException.plainToTls(url(), why);
    return new EngineException(
        url(),
        "Docker Engine at "
            + url()
            + " refused to "
            + doing
            + ": "
            + why
            + (wantsTls ? EngineException.plainToTlsHint() : ""),
        null,
        wantsTls ? EngineException.Remedy.TLS_CERTIFICATES : EngineException.Remedy.NONE);
  }

  @Override
  public Optional<String> unroutableBecause() {
    return getJson("/info", "read the engine's info").flatMap(EngineReach::unroutableBecause);
  }

  @Override
  public SwarmMembership membership() {
    return getJson("/info", "read the engine's info")
        .map(SwarmMembership::fromInfo)
        .orElse(SwarmMembership.NONE);
  }

  @Override
  public SwarmState state() {
    String running = URLEncoder.encode("{\"desired-state\":[\"running\"]}", UTF_8);
    return new SwarmState(
        swarmList("/services", "list swarm services"),
        swarmList("/tasks?filters=" + running, "list swarm tasks"),
        swarmList("/nodes", "list swarm nodes"),
        swarmList("/networks", "list networks"));
  }

  private JsonNode swarmList(String path, String doing) {
    JsonNode list = getJson(path, doing).orElseThrow(() -> refused(doing, "404 not found"));
    if (!list.isArray()) {
      throw refused(doing, "the answer is not a list");
    }
    return list;
  }

  @Override
  public Closeable followEvents(Instant since, EventSink sink) {
    String types =
        URLEncoder.encode("{\"type\":[\"container\",\"network\",\"service\",\"node\"]}", UTF_8);
    String doing = "follow events";
    String path = "/events?since=" + since.getEpochSecond() + "&filters=" + types;
    // Only the answer's start is bounded: its body is the stream, followed as long as it lasts.
    DockerHttpClient.Response response =
        withinTimeout(doing, () -> checked(send(clients().events(), path), doing));
    if (response.getStatusCode() == 404) {
      throw refusal(response, doing);
    }
    return EventStream.start(response, clients().json(), sink);
  }

  /**
   * Closes the connections; a second call (the engine's source and the swarm source share it) does
   * nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    inspectPool.shutdownNow();
    deadlines.close();
    DockerClients.Clients made;
    synchronized (this) {
      made = clients;
    }
    if (made != null) {
      try {
        made.requests().close();
        made.events().close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the connections to " + url() + " failed", e);
      }
    }
  }
}
