package io.dockerdns.cli;

import static io.dockerdns.cli.LoopbackClients.addressOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.cli.Launches.Running;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak (the minute-long one is {@code bench/soak.sh}): dnsperf at a steady rate while
 * containers start and stop underneath. Asserts correctness, not speed: no query lost, every stable
 * name answered NOERROR with its own address throughout, and churned names gone at the end.
 */
class SoakIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int SECONDS = 6;
  private static final int RATE = 5000;

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();
  @TempDir Path temp;

  @Test
  void no_query_is_lost_and_stable_names_stay_right_while_containers_churn() throws Exception {
    Map<String, String> stable = new ConcurrentHashMap<>();
    for (int i = 1; i <= 3; i++) {
      String id = docker.run("stable" + i);
      stable.put(docker.name("stable" + i) + ".docker.", ipOf(id));
    }
    Path queries = temp.resolve("queries");
    Files.write(queries, stable.keySet().stream().map(name -> name + " A").toList());
    Running run = launches.startDns("run", "--dns-port", "0", "--dns-protocols", "udp");
    Eventually.until(
        WAIT,
        "the stable names",
        () ->
            stable.entrySet().stream()
                .allMatch(e -> addressOf(run.port(), e.getKey()).equals(e.getValue())));

    Process dnsperf =
        new ProcessBuilder(
                "dnsperf",
                "-s",
                "127.0.0.1",
                "-p",
                "" + run.port(),
                "-d",
                queries.toString(),
                "-l",
                "" + SECONDS,
                "-Q",
                "" + RATE)
            .redirectErrorStream(true)
            .start();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger checked = new AtomicInteger();
    List<String> wrong = new ArrayList<>();
    Thread checker =
        new Thread(
            () -> {
              while (loading.get()) {
                stable.forEach(
                    (name, ip) -> {
                      String answer = addressOf(run.port(), name);
                      if (!answer.equals(ip)) {
                        synchronized (wrong) {
                          wrong.add(name + " -> '" + answer + "'");
                        }
                      }
                      checked.incrementAndGet();
                    });
              }
            });
    checker.start();
    List<String> churned = new ArrayList<>();
    try {
      while (dnsperf.isAlive()) {
        String base = "churn" + churned.size();
        docker.run(base);
        churned.add(docker.name(base) + ".docker.");
        if (churned.size() > 1) {
          docker.docker("rm", "-f", docker.name("churn" + (churned.size() - 2)));
        }
      }
    } finally {
      loading.set(false);
      checker.join();
    }
    String report = new String(dnsperf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dnsperf.waitFor(10, TimeUnit.SECONDS)).isTrue();
    docker.docker("rm", "-f", docker.name("churn" + (churned.size() - 1)));

    assertThat(churned).as("containers churned under load").hasSizeGreaterThan(2);
    assertThat(count(report, "Queries sent:\\s+(\\d+)"))
        .as(report)
        .isGreaterThan(RATE * SECONDS / 2);
    assertThat(count(report, "Queries lost:\\s+(\\d+)")).as(report).isZero();
    assertThat(report)
        .as(report)
        .containsPattern("Response codes:\\s+NOERROR \\d+ \\(100\\.00%\\)");
    assertThat(wrong).as("wrong answers among " + checked.get()).isEmpty();
    Eventually.within(
        WAIT, () -> assertThat(churned).allMatch(name -> addressOf(run.port(), name).isEmpty()));
    assertThat(run.log()).doesNotContain(" WARN ", " ERROR ");
  }

  private static long count(String report, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(report);
    assertThat(m.find()).as(pattern + " in\n" + report).isTrue();
    return Long.parseLong(m.group(1));
  }

  private String ipOf(String id) {
    return docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
  }
}
