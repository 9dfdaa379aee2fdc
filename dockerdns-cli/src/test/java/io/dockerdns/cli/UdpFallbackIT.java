package io.dockerdns.cli;

import static io.dockerdns.cli.LoopbackClients.addressOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the batched UDP path's native library cannot load (here: Netty unpacks it into a directory
 * mounted noexec, as /tmp often is on hardened hosts), {@code --dns-udp-io epoll} answers with NIO
 * and says why in one line; the default, NIO, never tries to load it.
 */
class UdpFallbackIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path temp;
  @RegisterExtension final DockerFixture docker = new DockerFixture();

  private Path noexec;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void mountNoexec() throws Exception {
    noexec = Files.createDirectory(temp.resolve("noexec"));
    run("mount", "-t", "tmpfs", "-o", "noexec,size=16m", "ddtest-noexec", noexec.toString());
  }

  @AfterEach
  void unmount() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    run("umount", noexec.toString());
  }

  @Test
  void epoll_that_cannot_load_answers_with_nio_and_says_why_in_one_line() throws Exception {
    Path log = temp.resolve("run.log");
    int port = startAndAnswer(log, "run", "--dns-port", "0", "--dns-udp-io", "epoll");

    assertThat(port).isPositive();
    assertThat(read(log)).contains("(tcp, udp by nio)");
    assertThat(read(log).lines().filter(l -> l.contains("UDP answers one datagram")))
        .singleElement()
        .asString()
        .contains("the batched epoll path cannot load")
        .contains(noexec.toString())
        .contains("-Dio.netty.native.workdir=DIR");
  }

  @Test
  void the_default_never_loads_the_native_library() throws Exception {
    Path log = temp.resolve("default.log");
    startAndAnswer(log, "run", "--dns-port", "0");

    assertThat(read(log)).contains("(tcp, udp by nio)").doesNotContain("epoll");
  }

  /** Starts dockerdns, waits until it answers for a new container, and gives its port. */
  private int startAndAnswer(Path log, String... args) throws Exception {
    start(log, args);
    Matcher listening = RunnableJar.DNS_LISTENING.matcher("");
    Eventually.until(WAIT, "dockerdns to listen", () -> listening.reset(read(log)).find());
    int port = Integer.parseInt(listening.group(1));
    String id = docker.run("fallback");
    String ip = docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
    Eventually.within(
        WAIT,
        () -> assertThat(addressOf(port, docker.name("fallback") + ".docker.")).isEqualTo(ip));
    return port;
  }

  /** The jar with Netty's unpack directory on the noexec mount. */
  private Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(RunnableJar.command(args));
    command.add(1, "-Dio.netty.native.workdir=" + noexec);
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  private static String read(Path log) {
    return RunnableJar.read(log);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
