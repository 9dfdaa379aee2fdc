package io.dockerdns.core.docker;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.Container;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The few Engine API calls dockerdns makes, in our own types. Every failure comes out as an {@link
 * EngineException} naming the engine address.
 */
final class DockerEngine implements Closeable {

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

  String url() {
    return settings.dockerUrl();
  }

  /**
   * The engine's clock, to the second, so "events since" means the engine's own time. Read from the
   * Date header of a ping: the engine's info carries the time too, but reading its large document
   * the first time took ~290 ms of start-up (bench/startup.sh).
   */
  Instant engineTime() {
    String date;
    try (DockerHttpClient.Response response = send("/_ping", "ping the engine")) {
      date = response.getHeader("Date");
    }
    try {
      return date == null
          ? Instant.now()
          : ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }

  /** Every running container, fully inspected. */
  List<Container> runningContainers() {
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

  /** {@link #inspect} on another thread. */
  CompletableFuture<Optional<Container>> inspectSoon(String id) {
    return CompletableFuture.supplyAsync(() -> inspect(id), inspectPool);
  }

  /** The container as it is now, or empty when it no longer exists. */
  Optional<Container> inspect(String id) {
    String doing = "inspect container " + id;
    Optional<JsonNode> answer = getJson("/containers/" + id + "/json", doing);
    try {
      return answer.map(ContainerMapper::toContainer);
    } catch (IllegalArgumentException e) {
      String message = "Docker Engine at " + url() + " gave an unreadable answer to " + doing;
      throw new EngineException(url(), message + ": " + e.getMessage(), e);
    }
  }

  /**
   * The JSON answer to a GET, or empty when the engine says there is no such thing (404). The list
   * and inspect answers are read as trees rather than through docker-java's commands: see {@link
   * ContainerMapper}.
   */
  private Optional<JsonNode> getJson(String path, String doing) {
    try (DockerHttpClient.Response response = answer(path, doing)) {
      if (response.getStatusCode() == 404) {
        return Optional.empty();
      }
      return Optional.of(clients().json().readTree(response.getBody()));
    } catch (IOException e) {
      throw EngineException.wrap(url(), doing, new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw EngineException.wrap(url(), doing, e);
    }
  }

  /**
   * The engine's answer to a GET: a success, or 404, which each caller reads its own way (no such
   * container; no such endpoint). Any other status is refused with the engine's reason.
   */
  private DockerHttpClient.Response answer(String path, String doing) {
    DockerHttpClient.Response response = send(path, doing);
    int status = response.getStatusCode();
    if (status / 100 != 2 && status != 404) {
      throw refusal(response, doing);
    }
    return response;
  }

  /**
   * Sends a GET; getting no answer is an {@link EngineException}. Paths carry no API version: the
   * engine answers in its own, so old engines work.
   */
  private DockerHttpClient.Response send(String path, String doing) {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build();
    try {
      return clients().http().execute(request);
    } catch (RuntimeException e) {
      throw EngineException.wrap(url(), doing, e);
    }
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
    return new EngineException(
        url(),
        "Docker Engine at "
            + url()
            + " refused to "
            + doing
            + ": "
            + why
            + EngineException.plainToTls(url(), why),
        null);
  }

  /**
   * Follows container and network events from {@code since} (the engine replays what it still
   * remembers of the past). Returns a handle that ends the stream when closed.
   */
  Closeable followEvents(Instant since, EventSink sink) {
    String types = URLEncoder.encode("{\"type\":[\"container\",\"network\"]}", UTF_8);
    String doing = "follow events";
    String path = "/events?since=" + since.getEpochSecond() + "&filters=" + types;
    DockerHttpClient.Response response = answer(path, doing);
    if (response.getStatusCode() == 404) {
      throw refusal(response, doing);
    }
    return EventStream.start(response, clients().json(), sink);
  }

  @Override
  public void close() throws IOException {
    inspectPool.shutdownNow();
    DockerClients.Clients made;
    synchronized (this) {
      made = clients;
    }
    if (made != null) {
      made.http().close();
    }
  }

  /** Receives the event stream. Called on the thread that reads it. */
  interface EventSink {
    /** This container started: it runs now. */
    void started(String containerId);

    /** Something else happened to this container. */
    void changed(String containerId);

    /** This container's process ended; it is gone until a later event says otherwise. */
    void died(String containerId);

    /** This container was connected to ({@code connected}) or disconnected from a network. */
    void networkChanged(String containerId, boolean connected);

    /** The stream ended: {@code error} is null when the engine closed it. */
    void ended(Throwable error);
  }
}
