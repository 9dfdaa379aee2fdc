package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, read from the README and run as written against the real engine, each
 * output compared with the one shown. What differs on every run is mapped: the public image to the
 * test image (there is no registry here), the container's name to one of this run, the port to a
 * free one, times, counts and the container's address.
 */
@Timeout(300)
class QuickStartIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String START = "<!-- quick-start";
  private static final String END = "<!-- /quick-start -->";

  @RegisterExtension final DockerFixture docker = new DockerFixture();

  @TempDir Path dir;

  private Process background;

  /** One command of the block and the output shown under it. */
  record Step(String command, List<String> shown) {}

  @AfterEach
  void stop() throws InterruptedException {
    if (background != null) {
      background.destroy();
      background.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static List<Step> quickStart() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertThat(start).as("the README marks its quick start").isPositive();
    List<Step> steps = new ArrayList<>();
    for (String line : readme.substring(start, end).lines().toList()) {
      if (line.startsWith("$ ")) {
        steps.add(
            new Step(line.substring(2).replaceFirst("\\s+#.*$", "").trim(), new ArrayList<>()));
      } else if (!steps.isEmpty() && !line.startsWith("```") && !line.isBlank()) {
        steps.get(steps.size() - 1).shown().add(line);
      }
    }
    return steps;
  }

  @Test
  void the_quick_start_works_as_written() throws Exception {
    List<Step> steps = quickStart();
    assertThat(steps).as("steps of the quick start").hasSizeLessThanOrEqualTo(5).isNotEmpty();
    String name = docker.name("web");
    docker.removeAfterTest(name);
    Map<String, String> ours = new LinkedHashMap<>();
    ours.put("--name web ", "--name " + name + " ");
    ours.put(" busybox sleep", " " + DockerFixture.IMAGE + " sleep");
    ours.put(" web.docker", " " + name + ".docker");
    ours.put("5300", Integer.toString(LoopbackClients.freePort()));
    String ip = null;

    for (Step step : steps) {
      String command = mapped(step.command(), ours);
      if (command.endsWith("&")) {
        background = start(command.substring(0, command.length() - 1).trim());
        Path log = dir.resolve("background.log");
        Eventually.until(
            Duration.ofMinutes(2),
            "the backgrounded command to print what the README shows",
            () -> shownLinesAppear(step.shown(), ours, RunnableJar.read(log)));
        continue;
      }
      if (ip == null && !command.startsWith("docker ")) {
        ip = docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", name);
      }
      List<String> output = run(command);
      for (String shown : step.shown()) {
        String expected = mapped(shown, ours).replaceAll("172\\.17\\.\\d+\\.\\d+", ip);
        assertThat(output).as("output of `%s`", command).contains(expected);
      }
    }
  }

  /** Whether each line shown appears, times and counts aside. */
  private static boolean shownLinesAppear(
      List<String> shown, Map<String, String> ours, String log) {
    for (String line : shown) {
      String pattern =
          java.util.regex.Pattern.quote(mapped(line, ours))
              .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.+]+", "\\\\E\\\\S+\\\\Q")
              .replaceAll(": \\d+ running containers", "\\\\E: \\\\d+ running containers\\\\Q");
      if (!java.util.regex.Pattern.compile(pattern).matcher(log).find()) {
        return false;
      }
    }
    return true;
  }

  private static String mapped(String text, Map<String, String> ours) {
    String result = text;
    for (Map.Entry<String, String> e : ours.entrySet()) {
      result = result.replace(e.getKey(), e.getValue());
    }
    return result;
  }

  private Process start(String command) throws IOException {
    return new ProcessBuilder("bash", "-c", command)
        .directory(ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("background.log").toFile())
        .start();
  }

  private static List<String> run(String command) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-c", command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
    assertThat(p.exitValue()).as("`%s` failed:%n%s", command, out).isZero();
    return out.lines().toList();
  }
}
