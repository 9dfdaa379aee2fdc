package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reading the engine's event stream. {@code engine/events.jsonl} is a real stream (Docker 20.10) of
 * {@code docker run -d}, {@code rename}, {@code pause}, {@code unpause}, {@code exec} and {@code rm
 * -f} of one container.
 */
class EventStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID =
      "a7337a02b117"; // the container's id starts so; the sink is told the full id

  private final RecordingSink sink = new RecordingSink();

  @Test
  void tells_the_events_that_change_naming_data_and_then_the_end() throws Exception {
    EventStream.start(response(resource("engine/events.jsonl")), JSON, sink);

    assertThat(sink.next()).isEqualTo("connected " + ID);
    assertThat(sink.next()).isEqualTo("started " + ID);
    assertThat(sink.next()).as("rename").isEqualTo("changed " + ID);
    assertThat(sink.next()).as("pause").isEqualTo("changed " + ID);
    assertThat(sink.next()).as("unpause").isEqualTo("changed " + ID);
    // create, exec_*, kill: nothing a name depends on
    assertThat(sink.next()).as("die").isEqualTo("died " + ID);
    assertThat(sink.next()).isEqualTo("disconnected " + ID);
    assertThat(sink.next()).as("destroy").isEqualTo("died " + ID);
    assertThat(sink.next()).isEqualTo("ended by the engine");
  }

  @Test
  void reads_an_old_engines_events_which_have_no_type() throws Exception {
    String old = "{\"status\":\"start\",\"id\":\"abc123\",\"from\":\"busybox\",\"time\":1}\n";
    EventStream.start(response(bytes(old)), JSON, sink);

    assertThat(sink.next()).isEqualTo("started abc123");
    assertThat(sink.next()).isEqualTo("ended by the engine");
  }

  @Test
  void a_managers_service_and_node_events_say_the_swarm_changed() throws Exception {
    String recorded = // from the lab's manager, on `docker service scale shop_web=3`
        "{\"Type\":\"service\",\"Action\":\"update\",\"Actor\":{\"ID\":\"8ekt20pmc7r10x6q7bfltcp4r\","
            + "\"Attributes\":{\"name\":\"shop_web\",\"replicas.new\":\"3\",\"replicas.old\":\"2\"}},"
            + "\"scope\":\"swarm\",\"time\":1796524083}\n"
            + "{\"Type\":\"node\",\"Action\":\"update\",\"Actor\":{\"ID\":\"nvvxxjp07glsq489cxax4u3ey\","
            + "\"Attributes\":{\"name\":\"ddlab-n3\",\"state.new\":\"down\"}},\"scope\":\"swarm\"}\n";
    EventStream.start(response(bytes(recorded)), JSON, sink);

    assertThat(sink.next()).isEqualTo("swarm changed");
    assertThat(sink.next()).isEqualTo("swarm changed");
    assertThat(sink.next()).isEqualTo("ended by the engine");
  }

  @Test
  void a_health_verdict_from_docker_says_the_container_changed_podmans_that_a_check_ran()
      throws Exception {
    String recorded = // Docker 20.10, a check failing: the verdict is in the action
        "{\"status\":\"health_status: unhealthy\",\"id\":\"f54792d574c590beb9c232b00f72d1a42d32a7b1710bf347626fd561872f016e\",\"from\":\"dockerdns-test/busybox:latest\",\"Type\":\"container\",\"Action\":\"health_status: unhealthy\",\"Actor\":{\"ID\":\"f54792d574c590beb9c232b00f72d1a42d32a7b1710bf347626fd561872f016e\",\"Attributes\":{\"image\":\"dockerdns-test/busybox:latest\",\"name\":\"ddtest-hrec\"}},\"scope\":\"local\",\"time\":1796534415,\"timeNano\":1796534415673192046}\n"
            // Podman's shape, as its compat API documents it: a bare action, the verdict in the
            // attributes
            + "{\"Type\":\"container\",\"Action\":\"health_status\",\"status\":\"health_status\","
            + "\"Actor\":{\"ID\":\"podman1\",\"Attributes\":{\"health_status\":\"healthy\","
            + "\"name\":\"web\"}}}\n"
            // a check's own exec: nothing a name depends on
            + "{\"Type\":\"container\",\"Action\":\"exec_die\",\"Actor\":{\"ID\":\"podman1\"}}\n";
    EventStream.start(response(bytes(recorded)), JSON, sink);

    assertThat(sink.next()).startsWith("changed f54792d574c5");
    assertThat(sink.next()).isEqualTo("health checked podman1");
    assertThat(sink.next()).isEqualTo("ended by the engine");
  }

  /**
   * Podman 4.3.1's compat stream (recorded): a network event's actor is the container, with no
   * {@code container} attribute and no network name; a health event is a bare {@code
   * health_status}.
   */
  @Test
  void podmans_network_and_health_events_name_the_container() throws Exception {
    String id = "35bbfe42ef7ecbbe6516a2d9c217fa95de154ff319c7fb4b468ee44d33c0d4c8";
    String recorded =
        "{\"status\":\"connect\",\"id\":\"CID\",\"Type\":\"network\",\"Action\":\"connect\","
            + "\"Actor\":{\"ID\":\"CID\",\"Attributes\":{\"containerExitCode\":\"0\",\"image\":\"\","
            + "\"name\":\"ddpm-h\",\"podId\":\"\"}},\"scope\":\"local\",\"time\":1796537618}\n"
            + "{\"status\":\"health_status\",\"id\":\"CID\",\"Type\":\"container\","
            + "\"Action\":\"health_status\",\"Actor\":{\"ID\":\"CID\",\"Attributes\":{"
            + "\"name\":\"ddpm-h\"}},\"time\":1796537618,\"HealthStatus\":\"starting\"}\n"
            + "{\"status\":\"die\",\"id\":\"CID\",\"Type\":\"container\",\"Action\":\"die\","
            + "\"Actor\":{\"ID\":\"CID\",\"Attributes\":{\"name\":\"ddpm-h\"}}}\n";
    EventStream.start(response(bytes(recorded.replace("CID", id))), JSON, sink);

    String shortId = id.substring(0, 12); // the sink records ids so
    assertThat(sink.next()).isEqualTo("connected " + shortId);
    assertThat(sink.next()).isEqualTo("health checked " + shortId);
    assertThat(sink.next()).isEqualTo("died " + shortId);
    assertThat(sink.next()).isEqualTo("ended by the engine");
  }

  @Test
  void a_stream_that_breaks_ends_with_the_error() throws Exception {
    InputStream breaking =
        new SequenceInputStream(
            bytes("{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"abc\"}}\n{\"Ty"),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                return read();
              }
            });
    EventStream.start(response(breaking), JSON, sink);

    assertThat(sink.next()).isEqualTo("died abc");
    assertThat(sink.next()).startsWith("ended by error").contains("connection reset");
  }

  @Test
  void closing_the_stream_ourselves_is_not_told_as_its_end() throws Exception {
    BlockingInputStream endless = new BlockingInputStream();
    EventStream stream = EventStream.start(response(endless), JSON, sink);

    stream.close();

    assertThat(sink.events.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }

  private static InputStream resource(String path) {
    InputStream in = EventStreamTest.class.getClassLoader().getResourceAsStream(path);
    assertThat(in).as(path).isNotNull();
    return in;
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A transport answer around {@code body}; closing it fails a read blocked on it, as aborting
   * does.
   */
  private static DockerHttpClient.Response response(InputStream body) {
    return new DockerHttpClient.Response() {
      @Override
      public int getStatusCode() {
        return 200;
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return Map.of();
      }

      @Override
      public InputStream getBody() {
        return body;
      }

      @Override
      public void close() {
        try {
          body.close();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** Reads block until closed, then fail, like a socket aborted under a reader. */
  private static final class BlockingInputStream extends InputStream {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("aborted");
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return read();
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  /** What the stream told, as lines; full ids are cut to their first 12 characters. */
  private static final class RecordingSink implements Engine.EventSink {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    String next() throws InterruptedException {
      String event = events.poll(5, TimeUnit.SECONDS);
      assertThat(event).as("an event within 5 s").isNotNull();
      return event;
    }

    private static String shortId(String id) {
      return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public void started(String containerId) {
      events.add("started " + shortId(containerId));
    }

    @Override
    public void changed(String containerId) {
      events.add("changed " + shortId(containerId));
    }

    @Override
    public void healthChecked(String containerId) {
      events.add("health checked " + shortId(containerId));
    }

    @Override
    public void died(String containerId) {
      events.add("died " + shortId(containerId));
    }

    @Override
    public void networkChanged(String containerId, boolean connected) {
      events.add((connected ? "connected " : "disconnected ") + shortId(containerId));
    }

    @Override
    public void swarmChanged() {
      events.add("swarm changed");
    }

    @Override
    public void ended(Throwable error) {
      events.add(error == null ? "ended by the engine" : "ended by error " + error);
    }
  }
}
