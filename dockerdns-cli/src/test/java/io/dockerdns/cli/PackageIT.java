package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.Dnsmasq;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users install, built by {@code scripts/package.sh} and used as a user would: the tarball's
 * {@code bin/dockerdns} on its own runtime with no Java on the path, and the image with the
 * engine's socket mounted read-only, as a non-root user.
 */
@Timeout(600)
class PackageIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern GLIBC = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)");

  @RegisterExtension static final DockerFixture DOCKER = DockerFixture.sharedByClass();

  private static String version;

  @TempDir Path dir;

  @BeforeAll
  static void buildThePackages() throws Exception {
    String out = run(ROOT, List.of("scripts/package.sh"), 300);
    Matcher tarball =
        Pattern.compile("tarball dist/dockerdns-(\\S+)-linux-x86_64.tar.gz").matcher(out);
    assertThat(tarball.find()).as("package.sh names its tarball:\n" + out).isTrue();
    version = tarball.group(1);
  }

  @AfterAll
  static void removeTheImagesContainers() {
    DOCKER.cleanUp();
  }

  private static Path tarball() {
    return ROOT.resolve("dist/dockerdns-" + version + "-linux-x86_64.tar.gz");
  }

  @Test
  void the_tarball_runs_on_its_own_runtime_with_no_java_installed() throws Exception {
    String ip =
        DOCKER.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", DOCKER.run("tar"));
    run(dir, List.of("tar", "xzf", tarball().toString()), 60);
    Path home = dir.resolve("dockerdns-" + version);
    Path noJava = Files.createDirectory(dir.resolve("empty-path"));
    Path log = dir.resolve("run.log");
    // No java on PATH, no JAVA_HOME: only what the tarball brings.
    ProcessBuilder launch =
        new ProcessBuilder(home.resolve("bin/dockerdns").toString(), "run", "--dns-port", "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    launch.environment().clear();
    launch.environment().put("PATH", noJava.toString());
    Process dockerdns = launch.start();
    try {
      Matcher port = RunnableJar.DNS_LISTENING.matcher("");
      Eventually.until(WAIT, "dockerdns to listen", () -> port.reset(RunnableJar.read(log)).find());

      Path exe = Path.of("/proc", Long.toString(dockerdns.pid()), "exe").toRealPath();
      assertThat(exe).isEqualTo(home.resolve("runtime/bin/java").toRealPath());
      String name = DOCKER.name("tar") + ".docker";
      Eventually.within(
          WAIT,
          () ->
              assertThat(LoopbackClients.digShort(Integer.parseInt(port.group(1)), name))
                  .isEqualTo(ip));
    } finally {
      dockerdns.destroy();
      dockerdns.waitFor(10, TimeUnit.SECONDS);
    }
    String versionLine =
        run(dir, List.of(home.resolve("bin/dockerdns").toString(), "--version"), 30);
    assertThat(versionLine)
        .containsPattern("dockerdns " + Pattern.quote(version) + ", commit [0-9a-f]{10}");
    assertThat(Files.size(tarball())).as("tarball size").isLessThan(80_000_000L);
    // What the unit's Documentation= and the README's own links name is in the tarball.
    assertThat(Files.readString(home.resolve("dockerdns.service")))
        .contains("Documentation=file:///opt/dockerdns/README.md");
    assertThat(home.resolve("README.md")).exists();
    assertThat(home.resolve("docs/reference.md")).exists();
    assertThat(home.resolve("examples/systemd/docker.conf")).exists();
  }

  @Test
  void the_runtime_holds_only_the_modules_dockerdns_refers_to_and_needs_glibc_236_at_most()
      throws Exception {
    Path home = dir.resolve("dockerdns-" + version);
    run(dir, List.of("tar", "xzf", tarball().toString()), 60);

    String modules =
        run(dir, List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"), 30);
    // jdeps's list (what the jar's classes refer to) with what those modules require, and the EC
    // provider, which is loaded by name. A change here is a change to review.
    assertThat(modules.lines().map(m -> m.replaceAll("@.*", "")).toList())
        .containsExactlyInAnyOrder(
            "java.base",
            "java.datatransfer",
            "java.desktop",
            "java.instrument",
            "java.logging",
            "java.management",
            "java.naming",
            "java.net.http",
            "java.prefs",
            "java.rmi",
            "java.security.jgss",
            "java.security.sasl",
            "java.sql",
            "java.transaction.xa",
            "java.xml",
            "jdk.crypto.ec",
            "jdk.management",
            "jdk.unsupported");

    int[] newest = {0, 0};
    try (Stream<Path> runtime = Files.walk(home.resolve("runtime"))) {
      for (Path so :
          runtime.filter(p -> p.toString().endsWith(".so") || p.endsWith("java")).toList()) {
        Matcher m = GLIBC.matcher(new String(Files.readAllBytes(so), StandardCharsets.ISO_8859_1));
        while (m.find()) {
          int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
          if (Arrays.compare(v, newest) > 0) {
            newest = v;
          }
        }
      }
    }
    System.out.println("the runtime needs glibc " + newest[0] + "." + newest[1] + " or newer");
    assertThat(newest[0] * 100 + newest[1])
        .as("newest glibc symbol version")
        .isLessThanOrEqualTo(236);
  }

  @Test
  void the_image_answers_for_a_container_as_a_non_root_user_and_stops_at_once() throws Exception {
    String ip =
        DOCKER.docker(
            "inspect", "--format", "{{.NetworkSettings.IPAddress}}", DOCKER.run("img-target"));
    int port = LoopbackClients.freePort();
    String container =
        runTheImage(
            "image",
            port,
            // Nothing is written at start: a read-only root works.
            List.of("--read-only", "--health-interval", "1s", "--health-start-period", "0s"));

    String name = DOCKER.name("img-target") + ".docker";
    Eventually.within(WAIT, () -> assertThat(LoopbackClients.digShort(port, name)).isEqualTo(ip));
    String pid = DOCKER.docker("inspect", "--format", "{{.State.Pid}}", container);
    assertThat(Files.readAllLines(Path.of("/proc", pid, "status")))
        .filteredOn(l -> l.startsWith("Uid:"))
        .singleElement()
        .asString()
        .contains("65532");
    Eventually.within(
        WAIT,
        () ->
            assertThat(DOCKER.docker("inspect", "--format", "{{.State.Health.Status}}", container))
                .isEqualTo("healthy"));

    long started = System.nanoTime();
    DOCKER.docker("stop", container);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(DOCKER.docker("inspect", "--format", "{{.State.ExitCode}}", container))
        .isEqualTo("0");
    long size =
        Long.parseLong(
            DOCKER.docker("image", "inspect", "--format", "{{.Size}}", "dockerdns:" + version));
    assertThat(size).as("image size").isLessThan(150_000_000L);
    assertThat(
            DOCKER.docker(
                "image",
                "inspect",
                "--format",
                "{{index .Config.Labels \"org.opencontainers.image.version\"}}",
                "dockerdns:" + version))
        .isEqualTo(version);
  }

  /**
   * The README's recipe for the image as the host's resolver. Published on loopback, every query
   * from the host reaches the container from the bridge's gateway (Docker's proxy), so forwarded
   * names are REFUSED until the gateway is allowed. The upstream is Debian's dnsmasq on the gateway
   * address, this machine's own side of the bridge: the one the container can reach.
   */
  @Test
  void the_image_as_the_hosts_resolver_answers_forwarded_names_once_the_gateway_is_allowed()
      throws Exception {
    String gateway =
        DOCKER.docker(
            "network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}");
    int upstreamPort = LoopbackClients.freePort();
    List<String> dnsmasq = Dnsmasq.on(gateway, upstreamPort);
    dnsmasq.add("--address=/www.example.test/192.0.2.10");
    Process upstream = new ProcessBuilder(dnsmasq).redirectErrorStream(true).start();
    try {
      String forward = gateway + ":" + upstreamPort;
      int refusing = LoopbackClients.freePort();
      runTheImage("resolver-refusing", refusing, List.of(), "--forward", forward);
      Eventually.within(
          WAIT,
          () ->
              assertThat(LoopbackClients.dig("127.0.0.1", refusing, "www.example.test"))
                  .contains("status: REFUSED"));

      int allowing = LoopbackClients.freePort();
      runTheImage(
          "resolver",
          allowing,
          List.of(),
          "--forward",
          forward,
          "--allow-recursion",
          "loopback,containers," + gateway);
      Eventually.within(
          WAIT,
          () ->
              assertThat(LoopbackClients.dig("127.0.0.1", allowing, "+short", "www.example.test"))
                  .isEqualTo("192.0.2.10"));
    } finally {
      upstream.destroyForcibly();
    }
  }

  /**
   * {@code docker run} of the image as the README shows it, DNS published on loopback at port, with
   * {@code dockerOptions} before the image and {@code args} for {@code run} after it; its name.
   */
  private static String runTheImage(
      String base, int port, List<String> dockerOptions, String... args) throws Exception {
    String container = DOCKER.name(base);
    DOCKER.removeAfterTest(container);
    List<String> command =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                "--name",
                container,
                "--group-add",
                run(ROOT, List.of("stat", "-c", "%g", "/var/run/docker.sock"), 10).trim(),
                "-v",
                "/var/run/docker.sock:/var/run/docker.sock:ro",
                "-p",
                "127.0.0.1:" + port + ":53/udp",
                "-p",
                "127.0.0.1:" + port + ":53/tcp"));
    command.addAll(dockerOptions);
    command.add("dockerdns:" + version);
    command.addAll(List.of(args));
    DOCKER.docker(command.toArray(String[]::new));
    return container;
  }

  @Test
  void the_compose_example_starts_with_debians_docker_compose() throws Exception {
    String project = DOCKER.name("compose"); // ddtest-...: swept up after an interrupted run
    int port = LoopbackClients.freePort();
    List<String> compose =
        List.of(
            "docker-compose",
            "-f",
            ROOT.resolve("examples/compose/docker-compose.yml").toString(),
            "-p",
            project);
    ProcessBuilder up = new ProcessBuilder(concat(compose, "up", "-d")).redirectErrorStream(true);
    up.environment()
        .put(
            "DOCKER_GID",
            run(ROOT, List.of("stat", "-c", "%g", "/var/run/docker.sock"), 10).trim());
    up.environment().put("DNS_PORT", Integer.toString(port));
    up.environment().put("WEB_IMAGE", DockerFixture.IMAGE);
    try {
      Process p = up.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0)
          .as("compose up:\n" + out)
          .isTrue();

      Eventually.within(
          WAIT,
          () ->
              assertThat(LoopbackClients.digShort(port, "web." + project + ".docker"))
                  .matches("172\\.\\d+\\.\\d+\\.\\d+"));
    } finally {
      ProcessBuilder down =
          new ProcessBuilder(concat(compose, "down", "-v", "-t", "2")).redirectErrorStream(true);
      down.environment().put("WEB_IMAGE", DockerFixture.IMAGE);
      Process p = down.start();
      p.getInputStream().readAllBytes();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  /** Runs a command in {@code where}; its output, or an assertion error with it. */
  static String run(Path where, List<String> command, int seconds) throws Exception {
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(where.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as(command + " finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(command + " failed:\n" + text).isZero();
    return text;
  }
}
