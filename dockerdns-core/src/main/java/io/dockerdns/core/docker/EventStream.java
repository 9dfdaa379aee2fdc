package io.dockerdns.core.docker;

import static io.dockerdns.core.docker.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockerdns.core.concurrent.DaemonThreads;
import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's event stream ({@code GET /events}, one JSON object per event), read on its own
 * thread and told to an {@link Engine.EventSink} as it arrives. Read through docker-java's
 * transport as JSON trees, like the container reads (see {@link ContainerMapper}): its events
 * command needs its whole client built first, a tenth of a second of start-up.
 */
final class EventStream implements Closeable {

  /** Container actions after which a container's naming data may differ. */
  // Not "kill" nor "stop": a signal changes nothing by itself, and a death is announced by "die".
  // Inspecting on "kill" would wait for the engine to finish the stop (~60 ms) and hold up the
  // events behind it.
  private static final Set<String> CONTAINER_ACTIONS =
      Set.of("start", "restart", "die", "destroy", "rename", "pause", "unpause", "update");

  /**
   * A health check's verdict: Docker says {@code health_status: healthy} when the verdict changes,
   * once it is written; Podman a bare {@code health_status} before version 6 after every check,
   * before the verdict is written (the {@code HealthStatus} it carries is often the one before).
   * Either way the container is read again, and only a changed verdict changes an answer.
   */
  private static final String HEALTH_ACTION = "health_status";

  private static final Set<String> NETWORK_ACTIONS = Set.of("connect", "disconnect");

  private final DockerHttpClient.Response response;
  private final ObjectMapper json;
  private final Engine.EventSink sink;
  private volatile boolean closed;

  private EventStream(
      DockerHttpClient.Response response, ObjectMapper json, Engine.EventSink sink) {
    this.response = response;
    this.json = json;
    this.sink = sink;
  }

  /** Starts reading an open event stream; closing the result ends it. */
  static EventStream start(
      DockerHttpClient.Response response, ObjectMapper json, Engine.EventSink sink) {
    EventStream stream = new EventStream(response, json, sink);
    DaemonThreads.thread("dockerdns-events", stream::read).start();
    return stream;
  }

  private void read() {
    try (MappingIterator<JsonNode> events =
        json.readerFor(JsonNode.class).readValues(response.getBody())) {
      while (events.hasNextValue()) {
        tell(events.nextValue(), sink);
      }
      endedBy(null);
    } catch (IOException | RuntimeException e) {
      endedBy(e);
    }
  }

  private void endedBy(Throwable error) {
    if (!closed) { // closing it ourselves is not the engine ending it
      sink.ended(error);
    }
  }

  /**
   * Tells the sink about one event when it may change naming data. Engines before API 1.22 sent
   * container events only, without a type, the action in {@code status} and the id in {@code id}.
   */
  static void tell(JsonNode event, Engine.EventSink sink) {
    String type = text(event, "Type").orElse("container");
    String action = text(event, "Action").or(() -> text(event, "status")).orElse("");
    JsonNode actor = event.path("Actor");
    if (type.equals("container")
        && (CONTAINER_ACTIONS.contains(action) || action.startsWith(HEALTH_ACTION))) {
      Optional<String> id = text(actor, "ID").or(() -> text(event, "id"));
      id.ifPresent(
          container -> {
            // "destroy" follows "die": either way the process ended, whatever an inspect during
            // the engine's clean-up would still say.
            if (action.equals("die") || action.equals("destroy")) {
              sink.died(container);
            } else if (action.equals("start")) {
              sink.started(container);
            } else if (action.equals(HEALTH_ACTION)) {
              sink.healthChecked(container); // Podman's: the verdict may not be written yet
            } else {
              sink.changed(container);
            }
          });
    } else if (type.equals("network") && NETWORK_ACTIONS.contains(action)) {
      // Docker: the actor is the network, the container an attribute. Podman (4.x): the actor is
      // the container itself, and the network is not named at all.
      text(actor.path("Attributes"), "container")
          .or(() -> text(actor, "ID"))
          .ifPresent(container -> sink.networkChanged(container, action.equals("connect")));
    } else if (type.equals("service") || type.equals("node")) {
      sink.swarmChanged(); // a manager's: tasks have no events, so the swarm is read again
    }
  }

  @Override
  public void close() {
    closed = true;
    response.close(); // aborts the request: the reading thread's read fails and it ends
  }
}
