package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.AnswerMode;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rootful Podman (Debian's 4.3) followed through its Docker-compatible API ({@code
 * scripts/podman.sh}: a {@code podman system service} on the tests' own socket), its containers
 * made with the {@code podman} command and asked for with dig.
 */
class PodmanIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension static final DockerFixture podman = DockerFixture.podmanSharedByClass();
  @RegisterExtension static final DockerFixture docker = DockerFixture.sharedByClass();

  private static DockerDns registry;
  private static DnsServer server;
  private static int port;
  private static String network;

  @BeforeAll
  static void startContainersAndServer() throws Exception {
    network = podman.network("net");
    podman.run(
        "web",
        "--hostname",
        podman.name("thing"),
        "-l",
        "dockerdns.aliases=" + podman.name("www"),
        "-l",
        "com.docker.compose.service=api",
        "-l",
        "com.docker.compose.project=" + podman.name("shop"),
        "-p",
        "127.0.0.1:18780:8080");
    podman.run("other", "--network", network);
    podman.run("checked", "--health-cmd", "test -e /tmp/ok", "--health-interval", "0");
    registry =
        DockerDns.create(EngineSettings.forUrl(DockerFixture.PODMAN_URL), NamingConfig.DEFAULT);
    registry.start();
    assertThat(registry.awaitSync(WAIT)).isTrue();
    server = LoopbackServer.serving(registry);
    port = server.port();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
    podmanService("start"); // whatever a test left it as
  }

  @Test
  void every_name_form_answers_from_podman() {
    String web = ip("web", "podman");
    assertThat(a(podman.name("web"))).containsExactly(web);
    assertThat(a(podman.name("thing"))).as("hostname").containsExactly(web);
    assertThat(a(podman.name("www"))).as("alias").containsExactly(web);
    assertThat(a("api." + podman.name("shop"))).as("Compose labels").containsExactly(web);
    assertThat(a("busybox.*")).as("image localhost/dockerdns-test/busybox").contains(web);
    assertThat(a(podman.name("other")))
        .as("a network other than the default")
        .containsExactly(ip("other", network));
    assertThat(web).startsWith("10.88.");
    assertThat(Dig.query(port, "_8080._tcp." + podman.name("web") + ".docker.", "SRV").answer())
        .containsExactly(
            "_8080._tcp."
                + podman.name("web")
                + ".docker. 10 IN SRV 100 100 18780 127-0-0-1.host.docker.");
    assertThat(Dig.query(port, "-x", web).answer())
        .singleElement()
        .asString()
        .endsWith(" PTR " + podman.name("web") + ".docker.");
  }

  @Test
  void a_podman_compose_project_answers_by_its_service(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("compose.yml"),
        "services:\n  api:\n    image: " + DockerFixture.IMAGE + "\n    command: sleep 3600\n");
    String project = podman.name("pc");
    try {
      compose(dir, "-p", project, "up", "-d");
      // podman-compose 1.0 sets Docker Compose's labels, on a network of the project's own.
      Eventually.within(
          WAIT,
          () ->
              assertThat(a("api." + project))
                  .containsExactly(ip(project + "_api_1", project + "_default")));
    } finally {
      compose(dir, "-p", project, "down", "-t", "0");
    }
  }

  @Test
  void a_start_a_network_connect_and_a_stop_are_followed_live() {
    podman.run("later");
    Eventually.within(
        WAIT, () -> assertThat(a(podman.name("later"))).containsExactly(ip("later", "podman")));

    // Podman 4's network events name the container as the actor, and no network: still followed.
    podman.docker("network", "connect", network, podman.name("later"));
    Eventually.within(WAIT, () -> assertThat(a(podman.name("later"))).hasSize(2));
    podman.docker("network", "disconnect", network, podman.name("later"));
    Eventually.within(WAIT, () -> assertThat(a(podman.name("later"))).hasSize(1));

    podman.docker("stop", "-t", "0", podman.name("later"));
    Eventually.within(
        WAIT,
        () ->
            assertThat(Dig.query(port, podman.name("later") + ".docker.", "A").status())
                .isEqualTo("NXDOMAIN"));
  }

  @Test
  void health_checks_are_followed_from_podmans_bare_health_events() throws Exception {
    String checked = podman.name("checked");
    healthcheck(checked); // fails: no /tmp/ok
    Eventually.within(
        WAIT, () -> assertThat(Dig.query(port, checked + ".docker.", "A").answer()).isEmpty());

    podman.docker("exec", checked, "touch", "/tmp/ok");
    healthcheck(checked);
    Eventually.within(WAIT, () -> assertThat(a(checked)).containsExactly(ip("checked", "podman")));
  }

  @Test
  void the_service_going_away_and_coming_back_is_followed_again() throws Exception {
    podmanService("stop");
    Eventually.until(
        WAIT, "stale", () -> registry.snapshot().freshness().state() != Freshness.State.IN_SYNC);
    assertThat(a(podman.name("web"))).as("the last known names keep answering").hasSize(1);
    podman.run("meanwhile"); // the podman command needs no service

    podmanService("start");
    Eventually.within(
        Duration.ofSeconds(30),
        () -> {
          assertThat(registry.snapshot().freshness().isInSync()).isTrue();
          assertThat(a(podman.name("meanwhile"))).containsExactly(ip("meanwhile", "podman"));
        });
  }

  @Test
  void docker_and_podman_followed_at_once_both_answer() throws Exception {
    docker.run("ondocker");
    podman.run("onpodman");
    try (DockerDns both =
        DockerDns.create(
            List.of(
                EngineSettings.forUrl(DockerFixture.engineUrl()),
                EngineSettings.forUrl(DockerFixture.PODMAN_URL)),
            NamingConfig.DEFAULT.withAnswer(AnswerMode.AUTO))) {
      both.start();
      assertThat(both.awaitSync(WAIT)).isTrue();
      assertThat(both.snapshot().byName(docker.name("ondocker"))).isPresent();
      assertThat(both.snapshot().byName(podman.name("onpodman"))).isPresent();
      assertThat(both.snapshot().sources())
          .containsKeys(DockerFixture.engineUrl(), DockerFixture.PODMAN_URL);
    }
  }

  private static List<String> a(String name) {
    return Dig.query(port, name + ".docker.", "A").answer().stream()
        .map(r -> r.substring(r.lastIndexOf(' ') + 1))
        .toList();
  }

  private static String ip(String base, String onNetwork) {
    String container = base.startsWith(DockerFixture.PREFIX) ? base : podman.name(base);
    return podman.docker(
        "inspect",
        "--format",
        "{{(index .NetworkSettings.Networks \"" + onNetwork + "\").IPAddress}}",
        container);
  }

  private static void compose(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("podman-compose"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("CONTAINERS_CONF", "/run/dockerdns-test/containers.conf");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
  }

  /** {@code podman healthcheck run}: exits 1 when the check fails, which is no error here. */
  private static void healthcheck(String container) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("podman", "healthcheck", "run", container)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private static void podmanService(String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("../scripts/podman.sh", what).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
