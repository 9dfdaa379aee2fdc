package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.AnswerMode;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rootless Podman ({@code scripts/podman.sh rootless-start}: the user ddrootless, slirp4netns), an
 * engine whose containers the host cannot route to: they have no address the host reaches, only
 * their published ports. {@code --answer auto} finds it rootless and answers the host's address.
 */
class RootlessPodmanIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String URL = "unix:///run/dockerdns-test/rootless/podman.sock";
  private static final String PREFIX = "ddtest-" + UUID.randomUUID().toString().substring(0, 6);
  private static final List<String> created = new ArrayList<>();

  private static DockerDns registry;
  private static DnsServer server;

  @BeforeAll
  static void start() throws Exception {
    podman(
        "run",
        "-d",
        "--name",
        PREFIX + "-web",
        "-p",
        "127.0.0.1:18998:80",
        "dockerdns-test/busybox:latest",
        "sleep",
        "3600");
    created.add(PREFIX + "-web");
    podman(
        "run", "-d", "--name", PREFIX + "-quiet", "dockerdns-test/busybox:latest", "sleep", "3600");
    created.add(PREFIX + "-quiet");
    registry =
        DockerDns.create(
            EngineSettings.forUrl(URL), NamingConfig.DEFAULT.withAnswer(AnswerMode.AUTO));
    registry.start();
    assertThat(registry.awaitSync(WAIT)).isTrue();
    server = LoopbackServer.serving(registry);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (!created.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-f", "-t", "0"));
      rm.addAll(created);
      podman(rm.toArray(String[]::new));
    }
  }

  @Test
  void auto_finds_the_engine_rootless_and_answers_the_hosts_address_for_published_ports() {
    assertThat(registry.resolver().answerModeOf(URL)).isEqualTo(AnswerMode.PUBLISHED);
    Eventually.within(
        WAIT,
        () ->
            assertThat(Dig.query(server.port(), PREFIX + "-web.docker.", "A").answer())
                .containsExactly(PREFIX + "-web.docker. 10 IN A 127.0.0.1"));
    // Published nothing: nothing the host could reach. The name exists (NODATA), as SRV says.
    Dig quiet = Dig.query(server.port(), PREFIX + "-quiet.docker.", "A");
    assertThat(quiet.status()).isEqualTo("NOERROR");
    assertThat(quiet.answer()).isEmpty();
  }

  @Test
  void its_containers_have_no_address_of_their_own_the_host_could_use() {
    // What answer container would give: slirp4netns leaves them without one.
    assertThat(registry.snapshot().byName(PREFIX + "-web").orElseThrow().allAddresses()).isEmpty();
    assertThat(Dig.query(server.port(), "_80._tcp." + PREFIX + "-web.docker.", "SRV").answer())
        .containsExactly(
            "_80._tcp." + PREFIX + "-web.docker. 10 IN SRV 100 100 18998 127-0-0-1.host.docker.");
  }

  /** {@code podman ARGS} as the rootless user, failing with its output when it fails. */
  private static String podman(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "runuser",
                "-u",
                "ddrootless",
                "--",
                "env",
                "XDG_RUNTIME_DIR=/run/dockerdns-test/rootless",
                "HOME=/home/ddrootless",
                "podman"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    return out.trim();
  }
}
