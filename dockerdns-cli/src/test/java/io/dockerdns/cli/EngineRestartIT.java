package io.dockerdns.cli;

import static io.dockerdns.cli.LoopbackClients.addressOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.cli.Launches.Running;
import io.dockerdns.core.testing.Curl;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Docker daemon crashes and comes back, for real ({@code scripts/engine.sh}, which controls the
 * daemon {@code ./test.sh} started): the last known names keep answering meanwhile, and on its
 * return the registry equals the engine again.
 */
class EngineRestartIT {

  private static final Pattern CONSOLE =
      Pattern.compile("console listening on http://\\S+:(\\d+)/");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String AWAY = "retrying with a backoff";

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();

  @Test
  void last_names_answer_while_the_daemon_is_down_then_the_registry_reconciles() throws Exception {
    docker.run("keep", "--restart", "always", "--stop-timeout", "1");
    docker.run("gone", "--stop-timeout", "1");
    String keep = docker.name("keep") + ".docker.";
    String gone = docker.name("gone") + ".docker.";
    String goneIp = ipOf("gone");
    Running run =
        launches.startDns("run", "--dns", "--dns-port", "0", "--console", "--console-port", "0");
    Matcher console = CONSOLE.matcher("");
    Eventually.until(WAIT, "the console line", () -> console.reset(run.log()).find());
    String health = "http://127.0.0.1:" + console.group(1) + "/health";
    Eventually.until(WAIT, "both names", () -> addressOf(run.port(), gone).equals(goneIp));
    assertThat(Curl.get(health).status()).isEqualTo(200);

    try {
      engine("crash");

      // Away: what was known keeps answering, /health says stale, the log says so once.
      Eventually.until(WAIT, "/health to say stale", () -> Curl.get(health).status() == 503);
      String metrics = health.replace("/health", "/metrics");
      Eventually.until(WAIT, "several reconnection attempts to fail", () -> failures(metrics) >= 3);
      assertThat(addressOf(run.port(), gone)).isEqualTo(goneIp);
      assertThat(addressOf(run.port(), keep)).isNotEmpty();
      assertThat(run.log().lines().filter(l -> l.contains(AWAY))).hasSize(1);

      engine("start");
      docker.run("fresh");
      String fresh = docker.name("fresh") + ".docker.";

      // Back: the daemon killed what it left running and restarted what has a restart policy.
      Eventually.within(
          WAIT,
          () -> {
            assertThat(addressOf(run.port(), gone)).as("stopped while away").isEmpty();
            assertThat(addressOf(run.port(), keep)).as("restarted").isEqualTo(ipOf("keep"));
            assertThat(addressOf(run.port(), fresh)).as("created after").isEqualTo(ipOf("fresh"));
            assertThat(Curl.get(health).status()).isEqualTo(200);
          });
      awaitBackInTheLog(run);
      assertThat(run.log().lines().filter(l -> l.contains(AWAY))).hasSizeLessThanOrEqualTo(2);
      assertThat(run.process().isAlive()).isTrue();
    } finally {
      engine("start");
    }
  }

  /**
   * The daemon is stopped (SIGSTOP) for 12 s: its sockets stay open, nothing answers, no event
   * comes. The pings notice within a few seconds; /health says why, /metrics says not in sync, the
   * log says it once, DNS keeps answering the last known names; on SIGCONT the engine is read again
   * and all is in sync.
   */
  @Test
  void a_daemon_that_stops_answering_is_noticed_and_followed_again_when_it_answers()
      throws Exception {
    docker.run("frozen");
    String frozen = docker.name("frozen") + ".docker.";
    String frozenIp = ipOf("frozen");
    Running run =
        launches.startDns(
            "run",
            "--dns",
            "--dns-port",
            "0",
            "--console",
            "--console-port",
            "0",
            "--docker-timeout",
            "2");
    Matcher console = CONSOLE.matcher("");
    Eventually.until(WAIT, "the console line", () -> console.reset(run.log()).find());
    String health = "http://127.0.0.1:" + console.group(1) + "/health";
    String metrics = health.replace("/health", "/metrics");
    Eventually.until(WAIT, "the name", () -> addressOf(run.port(), frozen).equals(frozenIp));

    try {
      engine("freeze");
      long frozenAt = System.nanoTime();
      Eventually.until(WAIT, "/health to say stale", () -> Curl.get(health).status() == 503);
      Duration noticed = Duration.ofNanos(System.nanoTime() - frozenAt);

      assertThat(noticed)
          .as("a ping every 2 s, answered within 2 s")
          .isLessThan(Duration.ofSeconds(8));
      assertThat(Curl.get(health).body())
          .contains("\"status\":\"stale\"")
          .contains("did not answer within 2000 ms");
      assertThat(Curl.get(metrics).body()).contains("dockerdns_registry_in_sync 0.0");
      assertThat(addressOf(run.port(), frozen)).as("last known").isEqualTo(frozenIp);
      Thread.sleep(12_000 - Duration.ofNanos(System.nanoTime() - frozenAt).toMillis());
      assertThat(run.log().lines().filter(l -> l.contains(AWAY))).hasSize(1);
    } finally {
      engine("thaw");
    }
    Eventually.until(WAIT, "/health in sync again", () -> Curl.get(health).status() == 200);
    awaitBackInTheLog(run);
    assertThat(addressOf(run.port(), frozen)).isEqualTo(frozenIp);
  }

  /**
   * The line saying the engine is back: it is written once the registry is reconciled, so just
   * after /health turns 200, and it reaches the test through the process's output.
   */
  private static void awaitBackInTheLog(Running run) {
    Eventually.until(
        Duration.ofSeconds(5),
        "the log to say the engine is back",
        () -> run.log().contains("is back after"));
  }

  private String ipOf(String base) {
    return docker.docker(
        "inspect", "--format", "{{.NetworkSettings.IPAddress}}", docker.name(base));
  }

  /** {@code scripts/engine.sh COMMAND}, from the repository root; fails with its output. */
  private static void engine(String command) throws IOException, InterruptedException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder(root.resolve("scripts/engine.sh").toString(), command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("scripts/engine.sh " + command).isTrue();
    assertThat(p.exitValue()).as("scripts/engine.sh " + command + ":\n" + out).isZero();
  }

  /** dockerdns_engine_connection_failures_total, as /metrics shows it. */
  private static long failures(String metrics) {
    Matcher line =
        Pattern.compile(
                "(?m)^dockerdns_engine_connection_failures_total\\{source=\"[^\"]+\"\\} ([0-9.]+)$")
            .matcher(Curl.get(metrics).body());
    return line.find() ? (long) Double.parseDouble(line.group(1)) : 0;
  }
}
