package io.dockerdns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each example program, run against real containers on the real engine. */
class ExamplesIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension final DockerFixture docker = new DockerFixture();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private String ipOf(String id) {
    return docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
  }

  @Test
  void print_registry_lists_containers_then_follows_starts_and_stops() throws Exception {
    String first = docker.name("first");
    String firstIp = ipOf(docker.run("first"));
    CompletableFuture<Void> running =
        CompletableFuture.runAsync(
            () -> {
              try {
                PrintRegistry.run(Duration.ofSeconds(8), out);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Eventually.until(WAIT, "the first listing", () -> output().contains("  " + first + " "));
    assertThat(output()).contains("  " + first + " " + DockerFixture.IMAGE + " " + firstIp);

    String second = docker.name("second");
    String secondId = docker.run("second");
    Eventually.until(WAIT, "the start", () -> output().contains("+ " + second + " "));
    docker.docker("rm", "-f", secondId);
    Eventually.until(WAIT, "the stop", () -> output().contains("- " + second));
    running.join();
  }

  @Test
  void resolve_name_prints_every_container_of_an_image() {
    String ip = ipOf(docker.run("resolved"));

    boolean found = ResolveName.run("busybox.*.docker", QueryType.A, out);

    assertThat(found).isTrue();
    assertThat(output())
        .contains("busybox.*.docker " + ip + " (" + docker.name("resolved") + " on bridge)");
  }

  @Test
  void in_process_dns_server_answers_over_the_wire() throws Exception {
    String ip = ipOf(docker.run("wired"));

    InProcessDnsServer.run(docker.name("wired") + ".docker", out);

    assertThat(output()).containsPattern("DNS on 127\\.0\\.0\\.1 port \\d+");
    assertThat(output()).contains(docker.name("wired") + ".docker.\t10\tIN\tA\t" + ip);
  }

  @Test
  void in_process_dns_server_says_why_a_name_outside_the_domain_gets_nothing() throws Exception {
    docker.run("bare");

    InProcessDnsServer.run(docker.name("bare"), out);

    assertThat(output()).contains(docker.name("bare") + ": REFUSED, no answer");
  }

  @Test
  void an_example_run_wrongly_prints_how_to_run_it_and_exits_2() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ResolveName.class.getName())
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(text)
        .contains("ResolveName: missing arguments")
        .contains("usage: java -cp dockerdns-cli/target/dockerdns.jar:examples/target/classes")
        .doesNotContain("Exception");
  }

  @Test
  void hosts_file_writer_keeps_the_file_equal_to_the_running_containers(@TempDir Path dir)
      throws Exception {
    Path hosts = dir.resolve("docker.hosts");
    String id = docker.run("hosted", "--hostname", docker.name("h"));
    String line =
        ipOf(id) + " " + docker.name("hosted") + ".docker " + docker.name("h") + ".docker";
    CompletableFuture<Void> running =
        CompletableFuture.runAsync(
            () -> {
              try {
                HostsFileWriter.run(hosts, Duration.ofSeconds(8));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    Eventually.until(WAIT, "the line in the hosts file", () -> read(hosts).contains(line));
    docker.docker("rm", "-f", id);
    Eventually.until(WAIT, "the line gone", () -> !read(hosts).contains(line));
    running.join();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
