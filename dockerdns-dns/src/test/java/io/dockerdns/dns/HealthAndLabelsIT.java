package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers that follow health checks, and the per-container naming labels, on a real engine asked by
 * the real dig. The checks are busybox shell commands run every second.
 */
class HealthAndLabelsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String[] EVERY_SECOND = {
    "--health-interval", "1s", "--health-retries", "1", "--health-timeout", "5s"
  };

  @RegisterExtension static final DockerFixture shared = DockerFixture.sharedByClass();

  private static DockerDns registry;
  private static DnsServer server;
  private static int port;

  @BeforeAll
  static void startContainersAndServer() throws InterruptedException {
    String project = shared.name("shop");
    run(
        "healthy",
        check("true"),
        "-l",
        "com.docker.compose.service=api",
        "-l",
        "com.docker.compose.project=" + project,
        "-p",
        "127.0.0.1::80");
    run(
        "sick",
        check("false"),
        "-l",
        "com.docker.compose.service=api",
        "-l",
        "com.docker.compose.project=" + project,
        "-p",
        "127.0.0.1::80",
        "--hostname",
        shared.name("sickhost"));
    // The first check runs after its interval: an hour of "starting".
    shared.run("slow", "--health-cmd", "true", "--health-interval", "3600s");
    run("ignored", check("false"), "-l", "dockerdns.health=ignore");
    shared.run("plain");
    run("flip", check("test -e /tmp/ok"));
    shared.run("vhost", "-l", "dockerdns.subdomains=true");
    shared.run("real", "-l", "dockerdns.aliases=api." + shared.name("vhost"));
    shared.run("shortlived", "-l", "dockerdns.ttl=3");
    shared.run("badttl", "-l", "dockerdns.ttl=soon");
    shared.run("hidden", "-l", "dockerdns.enable=false");
    String front = shared.network("front");
    String back = shared.network("back");
    shared.run("twonets", "--network", front, "-l", "dockerdns.network=" + back);
    shared.docker("network", "connect", back, shared.name("twonets"));

    registry =
        DockerDns.create(EngineSettings.forUrl(DockerFixture.engineUrl()), NamingConfig.DEFAULT);
    registry.start();
    assertThat(registry.awaitSync(WAIT)).isTrue();
    server = LoopbackServer.serving(registry);
    port = server.port();
    // Every check has spoken once: healthy, sick and flip (no /tmp/ok yet) have their verdicts.
    Eventually.within(WAIT, () -> assertThat(a("healthy")).containsExactly(ip("healthy")));
    Eventually.within(WAIT, () -> assertThat(dig("sick").status()).isEqualTo("NOERROR"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void only_healthy_containers_and_those_without_a_check_answer() {
    assertThat(a("healthy")).containsExactly(ip("healthy"));
    assertThat(a("plain")).containsExactly(ip("plain"));
    assertThat(a("ignored")).as("dockerdns.health=ignore").containsExactly(ip("ignored"));
    for (String leftOut : new String[] {"sick", "slow"}) {
      Dig dig = dig(leftOut);
      assertThat(dig.status()).as(leftOut + ": the name exists").isEqualTo("NOERROR");
      assertThat(dig.answer()).as(leftOut).isEmpty();
      assertThat(dig.authority()).as(leftOut).singleElement().asString().contains(" IN SOA ");
    }
    assertThat(dig(shared.name("sickhost") + ".docker.", "A").answer()).as("by hostname").isEmpty();
  }

  @Test
  void compose_image_srv_leave_out_the_unhealthy_and_ptr_still_names_them() {
    assertThat(dig("api." + shared.name("shop") + ".docker.", "A").answer())
        .containsExactly("api." + shared.name("shop") + ".docker. 10 IN A " + ip("healthy"));
    assertThat(dig("busybox.*.docker.", "A").answer())
        .anyMatch(r -> r.endsWith(" " + ip("healthy")))
        .noneMatch(r -> r.endsWith(" " + ip("sick")) || r.endsWith(" " + ip("slow")));
    assertThat(dig("_80._tcp." + shared.name("healthy") + ".docker.", "SRV").answer()).hasSize(1);
    Dig srv = dig("_80._tcp." + shared.name("sick") + ".docker.", "SRV");
    assertThat(srv.status()).isEqualTo("NOERROR");
    assertThat(srv.answer()).isEmpty();
    assertThat(Dig.query(port, "-x", ip("sick")).answer())
        .singleElement()
        .asString()
        .endsWith(" PTR " + shared.name("sick") + ".docker.");
  }

  @Test
  void a_container_turning_healthy_then_unhealthy_is_followed_live() {
    assertThat(a("flip")).as("no /tmp/ok yet: unhealthy").isEmpty();

    shared.docker("exec", shared.name("flip"), "touch", "/tmp/ok");
    Eventually.within(WAIT, () -> assertThat(a("flip")).containsExactly(ip("flip")));

    shared.docker("exec", shared.name("flip"), "rm", "/tmp/ok");
    Eventually.within(WAIT, () -> assertThat(a("flip")).isEmpty());
    assertThat(dig("flip").status()).isEqualTo("NOERROR");
  }

  @Test
  void subdomains_answer_at_any_depth_and_a_real_name_wins() {
    String vhost = shared.name("vhost") + ".docker.";
    assertThat(dig("web." + vhost, "A").answer())
        .containsExactly("web." + vhost + " 10 IN A " + ip("vhost"));
    assertThat(dig("a.b.c." + vhost, "A").answer())
        .containsExactly("a.b.c." + vhost + " 10 IN A " + ip("vhost"));
    assertThat(dig("api." + vhost, "A").answer())
        .as("real's alias")
        .containsExactly("api." + vhost + " 10 IN A " + ip("real"));
    assertThat(dig("x." + shared.name("plain") + ".docker.", "A").status())
        .as("no label")
        .isEqualTo("NXDOMAIN");
  }

  @Test
  void ttl_network_and_enable_labels() {
    assertThat(dig("shortlived").answer())
        .containsExactly(shared.name("shortlived") + ".docker. 3 IN A " + ip("shortlived"));
    assertThat(dig("badttl").answer())
        .as("an invalid label: the default")
        .containsExactly(shared.name("badttl") + ".docker. 10 IN A " + ip("badttl"));
    String back =
        shared.docker(
            "inspect",
            "--format",
            "{{(index .NetworkSettings.Networks \"" + shared.name("back") + "\").IPAddress}}",
            shared.name("twonets"));
    assertThat(a("twonets")).as("two networks, the labelled one's address").containsExactly(back);
    assertThat(dig("hidden").status()).as("dockerdns.enable=false").isEqualTo("NXDOMAIN");
  }

  private static void run(String base, String[] check, String... options) {
    String[] all = new String[check.length + options.length];
    System.arraycopy(check, 0, all, 0, check.length);
    System.arraycopy(options, 0, all, check.length, options.length);
    shared.run(base, all);
  }

  private static String[] check(String command) {
    String[] all = new String[EVERY_SECOND.length + 2];
    all[0] = "--health-cmd";
    all[1] = command;
    System.arraycopy(EVERY_SECOND, 0, all, 2, EVERY_SECOND.length);
    return all;
  }

  private static String ip(String base) {
    return shared
        .docker(
            "inspect",
            "--format",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
            shared.name(base))
        .trim();
  }

  private static Dig dig(String base) {
    return dig(shared.name(base) + ".docker.", "A");
  }

  private static Dig dig(String name, String type) {
    return Dig.query(port, name, type);
  }

  /** The addresses dig gets for {@code base}'s name. */
  private static java.util.List<String> a(String base) {
    return dig(base).answer().stream().map(r -> r.substring(r.lastIndexOf(' ') + 1)).toList();
  }
}
