package io.dockerdns.cli;

import static io.dockerdns.cli.LabScript.lab;
import static io.dockerdns.cli.LabScript.lastLine;
import static io.dockerdns.cli.LoopbackClients.digShort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockerdns.cli.Launches.Running;
import io.dockerdns.core.testing.Curl;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real engines followed at once: this machine's, and the lab's second engine ({@code
 * scripts/lab.sh}: a dockerd in a network namespace of its own, with its own socket), each with
 * containers of its own, read with dig, curl and {@code lookup}.
 */
class SeveralEnginesIT {

  private static final Pattern CONSOLE =
      Pattern.compile("console listening on http://\\S+:(\\d+)/");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String labUrl;

  @RegisterExtension final DockerFixture host = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();
  private DockerFixture lab;

  @BeforeAll
  static void startTheLab() throws Exception {
    labUrl = "unix://" + lastLine(lab("up"));
  }

  @AfterAll
  static void removeTheLab() throws Exception {
    lab("thaw");
    lab("down");
  }

  @Test
  void names_from_both_engines_answer_together_and_the_console_says_where_each_comes_from()
      throws Exception {
    lab = DockerFixture.on(labUrl);
    try {
      String here = ipOf(host, host.run("here"));
      String there = ipOf(lab, lab.run("there"));
      // One name on both engines: answered as replicas are, both addresses.
      String twinHere = ipOf(host, host.run("twin"));
      String twin = host.name("twin");
      lab.removeAfterTest(twin);
      String twinThere =
          ipOf(lab, lab.docker("run", "-d", "--name", twin, DockerFixture.IMAGE, "sleep", "3600"));
      Running run = startOnBoth();
      String console = consoleOf(run);

      Eventually.within(
          WAIT,
          () -> {
            assertThat(digShort(run.port(), host.name("here") + ".docker")).isEqualTo(here);
            assertThat(digShort(run.port(), lab.name("there") + ".docker")).isEqualTo(there);
            assertThat(digShort(run.port(), twin + ".docker").lines())
                .containsExactlyInAnyOrder(twinHere, twinThere);
          });
      JsonNode health = health(console);
      assertThat(health.path("status").asText()).isEqualTo("in-sync");
      assertThat(health.path("sources").path(DockerFixture.engineUrl()).path("status").asText())
          .isEqualTo("in-sync");
      assertThat(health.path("sources").path(labUrl).path("status").asText()).isEqualTo("in-sync");
      JsonNode containers = JSON.readTree(Curl.get(console + "/containers").body());
      assertThat(containers.findParents("name"))
          .filteredOn(c -> c.path("name").asText().equals(lab.name("there")))
          .singleElement()
          .satisfies(c -> assertThat(c.path("engine").asText()).isEqualTo(labUrl));
      assertThat(Curl.get(console + "/metrics").body())
          .contains("dockerdns_source_in_sync{source=\"" + labUrl + "\"} 1.0")
          .containsPattern(
              "dockerdns_source_containers\\{source=\"" + Pattern.quote(labUrl) + "\"\\} [1-9]");

      // A container started on the second engine while followed: its events are followed too.
      String later = ipOf(lab, lab.run("later"));
      Eventually.within(
          WAIT,
          () -> assertThat(digShort(run.port(), lab.name("later") + ".docker")).isEqualTo(later));
    } finally {
      lab.cleanUp();
    }
  }

  @Test
  void one_engine_that_stops_answering_keeps_its_names_stale_while_the_other_stays_in_sync()
      throws Exception {
    lab = DockerFixture.on(labUrl);
    try {
      String there = ipOf(lab, lab.run("there"));
      Running run = startOnBoth("--docker-timeout", "1");
      String console = consoleOf(run);
      Eventually.within(
          WAIT,
          () -> assertThat(digShort(run.port(), lab.name("there") + ".docker")).isEqualTo(there));

      lab("freeze");
      try {
        Eventually.within(
            WAIT,
            () -> {
              JsonNode health = health(console);
              assertThat(health.path("sources").path(labUrl).path("status").asText())
                  .isEqualTo("stale");
              assertThat(health.path("sources").path(labUrl).path("reason").asText())
                  .contains("did not answer");
              assertThat(
                      health
                          .path("sources")
                          .path(DockerFixture.engineUrl())
                          .path("status")
                          .asText())
                  .isEqualTo("in-sync");
            });
        assertThat(digShort(run.port(), lab.name("there") + ".docker"))
            .as("the frozen engine's names keep answering, as last known")
            .isEqualTo(there);
        String here = ipOf(host, host.run("here"));
        Eventually.within(
            WAIT,
            () ->
                assertThat(digShort(run.port(), host.name("here") + ".docker"))
                    .as("the other engine is still followed")
                    .isEqualTo(here));
      } finally {
        lab("thaw");
      }
      Eventually.within(
          Duration.ofSeconds(30),
          () ->
              assertThat(Curl.get(console + "/health").body())
                  .as("back in sync once it answers")
                  .contains("\"status\":\"in-sync\""));
    } finally {
      lab.cleanUp();
    }
  }

  @Test
  void an_engine_that_cannot_be_reached_at_start_does_not_keep_the_others_from_answering()
      throws Exception {
    String here = ipOf(host, host.run("here"));
    Running run = startOn(List.of("unix:///nonexistent.sock", DockerFixture.engineUrl()));
    String console = consoleOf(run);

    Eventually.within(
        WAIT,
        () -> assertThat(digShort(run.port(), host.name("here") + ".docker")).isEqualTo(here));
    JsonNode health = health(console);
    assertThat(health.path("status").asText()).isEqualTo("stale");
    JsonNode missing = health.path("sources").path("unix:///nonexistent.sock");
    assertThat(missing.path("status").asText()).isEqualTo("never-synced");
    assertThat(missing.path("reason").asText()).contains("nonexistent.sock");
  }

  @Test
  void lookup_answers_from_both_and_names_an_engine_it_could_not_read() throws Exception {
    lab = DockerFixture.on(labUrl);
    try {
      String there = ipOf(lab, lab.run("there"));
      Lookup both = lookup(lab.name("there") + ".docker", DockerFixture.engineUrl(), labUrl);
      assertThat(both.out()).contains(there);
      assertThat(both.exit()).isZero();

      Lookup oneMissing = lookup(lab.name("there") + ".docker", "unix:///nonexistent.sock", labUrl);
      assertThat(oneMissing.out()).contains(there);
      assertThat(oneMissing.err())
          .contains("not read, answering without it")
          .contains("unix:///nonexistent.sock");
      assertThat(oneMissing.exit()).isZero();
    } finally {
      lab.cleanUp();
    }
  }

  @Test
  void the_same_engine_given_twice_is_refused_in_one_line() throws Exception {
    Lookup twice = lookup("web.docker", DockerFixture.engineUrl(), DockerFixture.engineUrl());
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err().strip())
        .isEqualTo("dockerdns: --docker-url " + DockerFixture.engineUrl() + ": given twice");
  }

  private Running startOnBoth(String... more) throws Exception {
    return startOn(List.of(DockerFixture.engineUrl(), labUrl), more);
  }

  /** {@code run} with DNS and the console, following {@code engines}. */
  private Running startOn(List<String> engines, String... more) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run", "--dns-port", "0", "--console", "--console-port", "0"));
    engines.forEach(engine -> args.addAll(List.of("--docker-url", engine)));
    args.addAll(List.of(more));
    return launches.startDns(args.toArray(String[]::new));
  }

  /** What {@code lookup} printed and how it ended. */
  private record Lookup(int exit, String out, String err) {}

  /** {@code lookup NAME} against {@code engines}. */
  private Lookup lookup(String name, String... engines) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("lookup"));
    for (String engine : engines) {
      args.addAll(List.of("--docker-url", engine));
    }
    args.add(name);
    Process p = launches.process(args.toArray(String[]::new));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("lookup within 30 s").isTrue();
    return new Lookup(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        RunnableJar.read(launches.lastLogFile()));
  }

  private static JsonNode health(String console) {
    try {
      return JSON.readTree(Curl.get(console + "/health").body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String consoleOf(Running run) {
    Matcher console = CONSOLE.matcher("");
    Eventually.until(WAIT, "the console line", () -> console.reset(run.log()).find());
    return "http://127.0.0.1:" + console.group(1);
  }

  private static String ipOf(DockerFixture engine, String id) {
    return engine.docker(
        "inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", id);
  }
}
