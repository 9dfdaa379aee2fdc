package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.Mount;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.EngineProxy;
import io.dockerdns.core.testing.Eventually;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry against a real Docker Engine: what it reads, and how it follows changes. */
class DockerEventSourceIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension final DockerFixture docker = new DockerFixture();

  private final List<DockerDns> opened = new ArrayList<>();

  @AfterEach
  void closeRegistries() {
    opened.forEach(DockerDns::close);
  }

  private DockerDns following() throws InterruptedException {
    DockerDns dns = open(EngineSettings.forUrl(DockerFixture.engineUrl()));
    dns.start();
    assertThat(dns.awaitSync(WAIT)).as("first sync with the engine").isTrue();
    return dns;
  }

  private DockerDns open(EngineSettings settings) {
    DockerDns dns = DockerDns.create(settings, NamingConfig.DEFAULT);
    opened.add(dns);
    return dns;
  }

  @Test
  void reads_a_running_container_with_its_naming_details() throws Exception {
    String volume = docker.volume("data");
    String network = docker.network("net");
    String id =
        docker.run(
            "web",
            "--hostname",
            "my-thing",
            "--label",
            "dockerdns.aliases=www,front",
            "--label",
            "com.docker.compose.service=api",
            "--label",
            "com.docker.compose.project=shop",
            "-p",
            "127.0.0.1::8080",
            "-p",
            "9090/udp",
            "-v",
            volume + ":/var/lib/data",
            "-v",
            "/tmp:/myshare:ro",
            "--network",
            network);
    docker.docker("network", "connect", "bridge", id);

    DockerDns dns = following();

    Container web = dns.snapshot().byId(id).orElseThrow();
    assertThat(web.name()).isEqualTo(docker.name("web"));
    assertThat(web.hostname()).isEqualTo("my-thing");
    assertThat(web.image().reference()).isEqualTo(DockerFixture.IMAGE);
    assertThat(web.aliases()).containsExactly("www", "front");
    assertThat(web.composeKey()).contains("api.shop");
    assertThat(web.networks()).extracting(n -> n.network()).containsExactly("bridge", network);
    assertThat(web.network(network).orElseThrow().addresses())
        .containsExactly(
            ip(inspect(id, "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}")));
    assertThat(web.ports())
        .contains(
            new PortBinding(
                8080,
                Protocol.TCP,
                ip("127.0.0.1"),
                Integer.parseInt(
                    inspect(
                        id,
                        "{{(index (index .NetworkSettings.Ports \"8080/tcp\") 0).HostPort}}"))));
    assertThat(web.ports())
        .anyMatch(p -> p.containerPort() == 9090 && p.protocol() == Protocol.UDP);
    assertThat(web.mounts())
        .extracting(Mount::destination, Mount::writable, Mount::type)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("/var/lib/data", true, "volume"),
            org.assertj.core.groups.Tuple.tuple("/myshare", false, "bind"));
  }

  @Test
  void never_lists_stopped_containers() throws Exception {
    docker.docker("create", "--name", docker.name("created"), DockerFixture.IMAGE, "sleep", "1");
    docker.removeAfterTest(docker.name("created"));
    String exited = docker.run("exited");
    docker.docker("stop", "-t", "0", exited);

    DockerDns dns = following();

    assertThat(namesWithPrefix(dns)).isEmpty();
  }

  @Test
  void follows_start_rename_stop_restart_and_removal() throws Exception {
    DockerDns dns = following();

    String id = docker.run("life");
    Eventually.within(
        WAIT, () -> assertThat(dns.snapshot().byName(docker.name("life"))).isPresent());
    assertThat(dns.resolve(docker.name("life") + ".docker", QueryType.A))
        .isInstanceOf(Resolution.Found.class);

    docker.docker("rename", id, docker.name("renamed"));
    docker.removeAfterTest(docker.name("renamed"));
    Eventually.within(
        WAIT,
        () -> {
          assertThat(dns.snapshot().byName(docker.name("renamed"))).isPresent();
          assertThat(dns.snapshot().byName(docker.name("life"))).isEmpty();
        });

    docker.docker("stop", "-t", "0", id);
    Eventually.within(WAIT, () -> assertThat(dns.snapshot().byId(id)).isEmpty());
    assertThat(dns.resolve(docker.name("renamed") + ".docker", QueryType.A))
        .isEqualTo(Resolution.NO_SUCH_NAME);

    docker.docker("start", id);
    Eventually.within(
        WAIT,
        () ->
            assertThat(dns.snapshot().byId(id).map(Container::allAddresses).orElse(List.of()))
                .containsExactly(ip(inspect(id, "{{.NetworkSettings.IPAddress}}"))));

    docker.docker("rm", "-f", id);
    Eventually.within(WAIT, () -> assertThat(dns.snapshot().byId(id)).isEmpty());
  }

  @Test
  void follows_network_connect_and_disconnect() throws Exception {
    String network = docker.network("second");
    String id = docker.run("multi");
    DockerDns dns = following();
    assertThat(networksOf(dns, id)).containsExactly("bridge");

    docker.docker("network", "connect", network, id);
    Eventually.within(
        WAIT, () -> assertThat(networksOf(dns, id)).containsExactly("bridge", network));
    InetAddress second =
        ip(inspect(id, "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}"));
    assertThat(dns.snapshot().byAddress(second)).extracting(Container::id).containsExactly(id);

    docker.docker("network", "disconnect", network, id);
    Eventually.within(WAIT, () -> assertThat(networksOf(dns, id)).containsExactly("bridge"));
    assertThat(dns.snapshot().byAddress(second)).isEmpty();
  }

  @Test
  void compose_replicas_answer_together_under_service_and_project() throws Exception {
    String project = docker.name("proj");
    docker.run(
        "r1",
        "--label",
        "com.docker.compose.service=db",
        "--label",
        "com.docker.compose.project=" + project);
    docker.run(
        "r2",
        "--label",
        "com.docker.compose.service=db",
        "--label",
        "com.docker.compose.project=" + project);
    DockerDns dns = following();

    Resolution r = dns.resolve("db." + project + ".docker", QueryType.A);

    assertThat(r).isInstanceOf(Resolution.Found.class);
    assertThat(((Resolution.Found) r).answers()).hasSize(2);
  }

  @Test
  void containers_started_while_the_registry_starts_are_not_lost() throws Exception {
    // Start containers while the first sync runs: those missing from the listing must still
    // arrive through the event stream, which opened before the listing.
    CompletableFuture<Void> starting =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 6; i++) {
                docker.run("race" + i);
              }
            });
    DockerDns dns = open(EngineSettings.forUrl(DockerFixture.engineUrl()));
    dns.start();
    starting.join();

    Eventually.within(WAIT, () -> assertThat(namesWithPrefix(dns)).isEqualTo(dockerPs()));
    assertThat(namesWithPrefix(dns)).hasSize(6);
  }

  @Test
  void a_refresh_rereads_the_engine() throws Exception {
    DockerDns dns = following();
    docker.run("refreshed");

    dns.refresh();

    Eventually.within(WAIT, () -> assertThat(namesWithPrefix(dns)).isEqualTo(dockerPs()));
  }

  @Test
  void a_lost_engine_keeps_the_last_containers_then_reconciles_what_changed_meanwhile()
      throws Exception {
    try (EngineProxy proxy = EngineProxy.toTestEngine()) {
      DockerDns dns =
          open(EngineSettings.forUrl(proxy.url()).withMaxBackoff(Duration.ofMillis(300)));
      String stays = docker.run("stays");
      String stops = docker.run("stops");
      dns.start();
      assertThat(dns.awaitSync(WAIT)).isTrue();
      assertThat(dns.snapshot().byId(stops)).isPresent();

      proxy.cut();
      Eventually.within(
          WAIT,
          () -> assertThat(dns.snapshot().freshness().state()).isEqualTo(Freshness.State.STALE));
      docker.docker("stop", "-t", "0", stops);
      String arrives = docker.run("arrives");
      Eventually.until(
          WAIT,
          "several reconnection attempts to fail",
          () -> dns.engineStats().get(0).connectionFailures() >= 3);
      assertThat(dns.snapshot().byId(stops)).as("last known containers keep answering").isPresent();
      assertThat(dns.snapshot().freshness().staleSinceTime()).isPresent();

      proxy.restore();
      Eventually.within(
          WAIT,
          () -> {
            assertThat(dns.snapshot().freshness().state()).isEqualTo(Freshness.State.IN_SYNC);
            assertThat(dns.snapshot().byId(stops)).as("stopped while away").isEmpty();
            assertThat(dns.snapshot().byId(arrives)).as("started while away").isPresent();
            assertThat(dns.snapshot().byId(stays)).isPresent();
          });
      assertThat(dns.engineStats().get(0).reconnects()).isPositive();
    }
  }

  /**
   * The engine's connections stay open but nothing comes back (a frozen proxy: what a stopped
   * daemon or a hung network looks like). The pings notice within the request timeout; the
   * container removed meanwhile is answered as last known but stale, and is gone once the engine
   * answers again.
   */
  @Test
  void an_engine_that_stops_answering_is_stale_within_its_timeout_and_reconciled_when_back()
      throws Exception {
    try (EngineProxy proxy = EngineProxy.toTestEngine()) {
      DockerDns dns =
          open(
              EngineSettings.forUrl(proxy.url())
                  .withRequestTimeout(Duration.ofSeconds(1))
                  .withMaxBackoff(Duration.ofMillis(300)));
      String removed = docker.run("removed");
      dns.start();
      assertThat(dns.awaitSync(WAIT)).isTrue();

      proxy.freeze();
      long frozenAt = System.nanoTime();
      docker.docker("rm", "-f", removed); // straight to the engine: the proxy is frozen
      Eventually.until(
          WAIT, "stale", () -> dns.snapshot().freshness().state() == Freshness.State.STALE);
      Duration noticed = Duration.ofNanos(System.nanoTime() - frozenAt);

      // A ping every 2 s, each answered within 1 s, or the engine counts as not answering.
      assertThat(noticed).isLessThan(Duration.ofSeconds(5));
      assertThat(dns.snapshot().freshness().failure())
          .hasValueSatisfying(why -> assertThat(why).contains("did not answer within 1000 ms"));
      assertThat(dns.snapshot().byFullId(removed)).as("last known, marked stale").isPresent();

      proxy.thaw();
      Eventually.within(
          WAIT,
          () -> {
            assertThat(dns.snapshot().freshness().isInSync()).isTrue();
            assertThat(dns.snapshot().byFullId(removed)).as("removed while frozen").isEmpty();
          });
    }
  }

  @Test
  void containers_that_exit_as_they_start_are_not_left_behind() throws Exception {
    DockerDns dns = following();
    // Each is inspected when its network is connected, while it starts; it dies a moment later.
    // An answer to that inspect that arrived after the death must not bring it back. Six clients
    // at once keep the engine busy, so answers are often late.
    List<Runnable> runs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String name = docker.name("brief" + i);
      docker.removeAfterTest(name);
      runs.add(() -> docker.docker("run", "-d", "--name", name, DockerFixture.IMAGE, "true"));
    }
    inParallel(6, runs);
    Eventually.within(
        WAIT,
        () ->
            assertThat(docker.docker("ps", "-q", "--filter", "name=" + docker.name("brief")))
                .isEmpty());
    Eventually.until(
        WAIT,
        "every early inspect's answer applied or dropped",
        () -> dns.engineStats().get(0).earlyInspectsUnderWay() == 0);
    assertThat(namesWithPrefix(dns)).as("registry after every one exited").isEmpty();
  }

  @Test
  void a_burst_of_starts_and_removals_ends_equal_to_docker_ps() throws Exception {
    DockerDns dns = following();
    // 36 starts from 8 clients at once; each of the first 18 is removed as soon as it runs, while
    // the others are still starting.
    List<Runnable> work = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      String base = "burst" + i;
      boolean removed = i < 18;
      work.add(
          () -> {
            String id = docker.run(base);
            if (removed) {
              docker.docker("rm", "-f", id);
            }
          });
    }
    inParallel(8, work);

    Eventually.within(WAIT, () -> assertThat(namesWithPrefix(dns)).isEqualTo(dockerPs()));
    assertThat(namesWithPrefix(dns)).hasSize(18);
  }

  @Test
  void an_unreachable_engine_fails_a_one_off_read_naming_its_address() {
    DockerDns dns = open(EngineSettings.forUrl("unix:///nonexistent/docker.sock"));

    assertThatThrownBy(dns::readOnce)
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("unix:///nonexistent/docker.sock");
  }

  /** Never synced, so DNS answers SERVFAIL for the zone: it knows nothing, not "no such name". */
  @Test
  void an_unreachable_engine_leaves_the_registry_never_synced_with_the_reason_while_it_retries()
      throws Exception {
    DockerDns dns =
        open(
            EngineSettings.forUrl("unix:///nonexistent/docker.sock")
                .withMaxBackoff(Duration.ofMillis(200)));
    dns.start();

    assertThat(dns.awaitSync(Duration.ofSeconds(1))).isFalse();
    Eventually.until(
        WAIT, "several attempts to fail", () -> dns.engineStats().get(0).connectionFailures() >= 3);
    assertThat(dns.snapshot().freshness().state()).isEqualTo(Freshness.State.NEVER_SYNCED);
    assertThat(dns.snapshot().freshness().failure())
        .hasValueSatisfying(why -> assertThat(why).contains("no engine listens at"));
    assertThat(dns.snapshot().containers()).isEmpty();
  }

  /** Runs every task from {@code clients} threads at once; returns when all are done. */
  private static void inParallel(int clients, List<Runnable> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      tasks.stream()
          .map(task -> CompletableFuture.runAsync(task, pool))
          .toList()
          .forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
  }

  private Set<String> namesWithPrefix(DockerDns dns) {
    return dns.snapshot().containers().stream()
        .map(Container::name)
        .filter(n -> n.startsWith(docker.name("")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> dockerPs() {
    String out =
        docker.docker("ps", "--filter", "name=" + docker.name(""), "--format", "{{.Names}}");
    return Arrays.stream(out.split("\n", -1))
        .filter(s -> !s.isBlank())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private List<String> networksOf(DockerDns dns, String id) {
    return dns.snapshot()
        .byId(id)
        .map(c -> c.networks().stream().map(n -> n.network()).toList())
        .orElse(List.of());
  }

  private String inspect(String id, String format) {
    return docker.docker("inspect", "--format", format, id);
  }

  private static InetAddress ip(String literal) {
    Optional<InetAddress> parsed = IpAddresses.parse(literal);
    assertThat(parsed).as("address literal '%s'", literal).isPresent();
    return parsed.get();
  }
}
