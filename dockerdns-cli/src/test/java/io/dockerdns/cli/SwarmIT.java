package io.dockerdns.cli;

import static io.dockerdns.cli.LabScript.lab;
import static io.dockerdns.cli.LabScript.lastLine;
import static io.dockerdns.cli.LabScript.socketUrl;
import static io.dockerdns.cli.LoopbackClients.digShort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockerdns.cli.Launches.Running;
import io.dockerdns.core.testing.Curl;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-node Swarm ({@code scripts/lab.sh swarm}: ddlab-n2 a manager at 10.77.0.2, ddlab-n3 a
 * worker at 10.77.0.3, each a dockerd in a network namespace of its own), read with dig. The last
 * two tests lose nodes, so they run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmIT {

  private static final Pattern CONSOLE =
      Pattern.compile("console listening on http://\\S+:(\\d+)/");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String manager;
  private static String network; // tasks have swarm addresses only on swarm (overlay) networks

  @RegisterExtension final Launches launches = new Launches();
  private final DockerFixture swarm = DockerFixture.on(manager == null ? "" : manager);
  private final List<String> services = new ArrayList<>();
  private final List<String> stacks = new ArrayList<>();

  @BeforeAll
  static void startTheSwarm() throws Exception {
    lab("down");
    manager = "unix://" + lastLine(lab("swarm"));
    network = DockerFixture.PREFIX + "net-" + ThreadLocalRandom.current().nextInt(100_000);
    DockerFixture.on(manager).docker("network", "create", "-d", "overlay", network);
  }

  @AfterAll
  static void removeTheLab() throws Exception {
    lab("down");
  }

  @AfterEach
  void removeServices() {
    for (String stack : stacks) {
      swarm.docker("stack", "rm", stack);
    }
    if (!services.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("service", "rm"));
      rm.addAll(services);
      swarm.docker(rm.toArray(String[]::new));
    }
  }

  @Test
  @Order(1)
  void a_stack_answers_by_every_name_form_from_outside_the_swarm(@TempDir Path dir)
      throws Exception {
    int meshPort = ThreadLocalRandom.current().nextInt(20000, 30000);
    int hostPort = meshPort + 1;
    String stack = swarm.name("shop").replace('-', '_');
    Path file = dir.resolve("stack.yml");
    Files.writeString(
        file,
        """
        version: "3.8"
        services:
          web:
            image: %1$s
            command: ["sleep", "3600"]
            deploy: {replicas: 2}
            ports: ["%2$d:80"]
          db:
            image: %1$s
            command: ["sleep", "3600"]
            deploy: {replicas: 2, endpoint_mode: dnsrr}
          agent:
            image: %1$s
            command: ["sleep", "3600"]
            deploy: {mode: global}
            ports: [{target: 53, published: %3$d, protocol: udp, mode: host}]
        """
            .formatted(DockerFixture.IMAGE, meshPort, hostPort));
    stacks.add(stack);
    swarm.docker("stack", "deploy", "-c", file.toString(), stack);
    String web = stack + "_web";
    String db = stack + "_db";
    String agent = stack + "_agent";
    String worker = socketUrl("n3");
    // The worker is followed too: its containers stay its own, the swarm's tasks answer once.
    Running run = start("--docker-url", manager, "--docker-url", worker);
    String console = consoleOf(run);

    Eventually.within(
        WAIT,
        () -> {
          assertThat(dig(run, "tasks." + web + ".docker")).hasSize(2);
          assertThat(dig(run, "tasks." + db + ".docker")).hasSize(2);
          assertThat(dig(run, "tasks." + agent + ".docker")).hasSize(2);
        });
    String vip = serviceVip(web, stack + "_default");
    assertThat(dig(run, web + ".docker")).containsExactly(vip);
    assertThat(dig(run, "web." + stack + ".docker")).containsExactly(vip);
    assertThat(dig(run, "-x", vip)).containsExactly(web + ".docker.");
    assertThat(dig(run, "1." + web + ".docker"))
        .singleElement()
        .isIn(dig(run, "tasks." + web + ".docker"));
    // dnsrr: the service name is its tasks' addresses
    assertThat(dig(run, db + ".docker"))
        .containsExactlyInAnyOrderElementsOf(dig(run, "tasks." + db + ".docker"));
    assertThat(dig(run, "db." + stack + ".docker"))
        .containsExactlyInAnyOrderElementsOf(dig(run, "tasks." + db + ".docker"));
    // a global service's task on each node, by the node's host name
    assertThat(dig(run, "ddlab-n2." + agent + ".docker")).hasSize(1);
    assertThat(dig(run, "ddlab-n3." + agent + ".docker")).hasSize(1);
    // the routing mesh publishes on every node; host mode on the nodes running a task
    assertThat(dig(run, "_80._tcp." + web + ".docker", "SRV"))
        .containsExactlyInAnyOrder(
            "100 100 " + meshPort + " 10-77-0-2.host.docker.",
            "100 100 " + meshPort + " 10-77-0-3.host.docker.");
    assertThat(dig(run, "_53._udp." + agent + ".docker", "SRV"))
        .containsExactlyInAnyOrder(
            "100 100 " + hostPort + " 10-77-0-2.host.docker.",
            "100 100 " + hostPort + " 10-77-0-3.host.docker.");
    assertThat(dig(run, "10-77-0-3.host.docker")).containsExactly("10.77.0.3");
    // tasks are their image's containers
    assertThat(dig(run, "busybox.*.docker")).hasSizeGreaterThanOrEqualTo(6);

    JsonNode health = JSON.readTree(Curl.get(console + "/health").body());
    assertThat(health.path("status").asText()).isEqualTo("in-sync");
    assertThat(health.path("sources").fieldNames())
        .toIterable()
        .anySatisfy(source -> assertThat(source).startsWith("swarm:"));
    JsonNode containers = JSON.readTree(Curl.get(console + "/containers").body());
    assertThat(containers.findParents("name"))
        .filteredOn(c -> c.path("name").asText().startsWith(agent + "."))
        .extracting(c -> c.path("labels").path("dockerdns.swarm.node").asText())
        .containsExactlyInAnyOrder("ddlab-n2", "ddlab-n3");
    assertThat(Curl.get(console + "/metrics").body())
        .containsPattern("dockerdns_source_in_sync\\{source=\"swarm:[a-z0-9]+\"\\} 1.0");
    assertThat(run.log())
        .containsOnlyOnce(worker + " is a swarm worker: its containers answer as containers");

    // lookup reads the swarm once, as run follows it
    Process lookup =
        launches.process("lookup", "--docker-url", manager, "tasks." + agent + ".docker");
    assertThat(lookup.waitFor(30, TimeUnit.SECONDS)).as("lookup within 30 s").isTrue();
    String out = new String(lookup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out.lines().toList())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).startsWith("tasks." + agent + ".docker.\t"));
  }

  @Test
  @Order(2)
  void scaling_up_and_down_and_removing_a_service_are_seen() throws Exception {
    String service = createService("scale", "--replicas", "1");
    Running run = start("--docker-url", manager);
    String tasks = "tasks." + service + ".docker";
    Eventually.within(WAIT, () -> assertThat(dig(run, tasks)).hasSize(1));

    swarm.docker("service", "scale", "-d", service + "=3");
    Eventually.within(WAIT, () -> assertThat(dig(run, tasks)).hasSize(3));
    assertThat(dig(run, "3." + service + ".docker")).hasSize(1);

    swarm.docker("service", "scale", "-d", service + "=1");
    Eventually.within(WAIT, () -> assertThat(dig(run, tasks)).hasSize(1));

    swarm.docker("service", "rm", service);
    services.remove(service);
    Eventually.within(
        WAIT,
        () -> {
          assertThat(status(run, service + ".docker")).isEqualTo("NXDOMAIN");
          assertThat(status(run, tasks)).isEqualTo("NXDOMAIN");
        });
  }

  @Test
  @Order(3)
  void a_task_that_fails_on_the_worker_is_replaced_and_its_address_follows() throws Exception {
    String service =
        createService("fail", "--replicas", "1", "--constraint", "node.hostname==ddlab-n3");
    Running run = start("--docker-url", manager);
    String name = "1." + service + ".docker";
    Eventually.within(WAIT, () -> assertThat(dig(run, name)).hasSize(1));
    String before = dig(run, name).get(0);
    DockerFixture worker = DockerFixture.on(socketUrl("n3"));
    String container =
        worker.docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service);

    worker.docker("kill", container);

    Eventually.within(
        WAIT,
        () -> {
          List<String> now = dig(run, name);
          assertThat(now).hasSize(1);
          assertThat(now.get(0)).isNotEqualTo(before);
        });
  }

  @Test
  @Order(4)
  void the_tasks_of_a_worker_that_is_lost_leave_once_the_manager_marks_it_down() throws Exception {
    String service = createService("lost", "--mode", "global");
    Running run = start("--docker-url", manager);
    String tasks = "tasks." + service + ".docker";
    Eventually.within(WAIT, () -> assertThat(dig(run, tasks)).hasSize(2));
    String onManager = dig(run, "ddlab-n2." + service + ".docker").get(0);

    lab("kill n3");

    // The manager marks a node down after missing its heartbeats (about 10-20 s).
    Eventually.within(
        Duration.ofSeconds(60), () -> assertThat(dig(run, tasks)).containsExactly(onManager));
    assertThat(status(run, "ddlab-n3." + service + ".docker")).isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(5)
  void with_three_managers_losing_the_one_followed_hands_over_to_the_next() throws Exception {
    lab("join n4 manager");
    lab("join n5 manager");
    String second = socketUrl("n4");
    String third = socketUrl("n5");
    String service = createService("failover", "--replicas", "2");
    Running run = start("--docker-url", manager, "--docker-url", second, "--docker-url", third);
    String console = consoleOf(run);
    String tasks = "tasks." + service + ".docker";
    Eventually.within(WAIT, () -> assertThat(dig(run, tasks)).hasSize(2));
    assertThat(run.log()).contains("through 3 manager(s)");

    lab("kill n2");

    // One swarm source, followed through the next manager; the engines' own sources say n2 is
    // lost. Scaling through a remaining manager is seen.
    services.remove(service); // n2 is gone: removed through n4 below
    // Right after the leader is lost, a new one is being elected: updates wait for it.
    Eventually.within(
        WAIT, () -> DockerFixture.on(second).docker("service", "scale", "-d", service + "=3"));
    Eventually.within(
        Duration.ofSeconds(60),
        () -> {
          assertThat(dig(run, tasks)).hasSize(3);
          assertThat(run.log())
              .containsPattern("swarm:\\S+: reading manager unix://\\S+n[45]\\.sock");
        });
    JsonNode sources = JSON.readTree(Curl.get(console + "/health").body()).path("sources");
    Set<String> swarmSources =
        iterable(sources.fieldNames()).stream()
            .filter(s -> s.startsWith("swarm:"))
            .collect(Collectors.toSet());
    assertThat(swarmSources).hasSize(1);
    assertThat(sources.path(swarmSources.iterator().next()).path("status").asText())
        .isEqualTo("in-sync");
    assertThat(sources.path(manager).path("status").asText()).isNotEqualTo("in-sync");
    DockerFixture.on(second).docker("service", "rm", service);
  }

  @Test
  @Order(6)
  void the_example_stack_answers_on_each_manager_and_one_stays_when_the_other_is_lost()
      throws Exception {
    // After the test above: n2 is lost, n4 and n5 are the managers that keep the swarm.
    PackageIT.run(
        PackageIT.ROOT, List.of("scripts/package.sh"), 600); // dockerdns:latest, this build
    lab("load dockerdns:latest n4 n5");
    String second = socketUrl("n4");
    DockerFixture managerN4 = DockerFixture.on(second);
    String service = swarm.name("served");
    managerN4.docker(
        "service",
        "create",
        "-d",
        "--name",
        service,
        "--network",
        network,
        "--replicas",
        "2",
        DockerFixture.IMAGE,
        "sleep",
        "3600");
    String stack = swarm.name("dns").replace('-', '_');
    ProcessBuilder deploy =
        new ProcessBuilder(
                "docker",
                "-H",
                second,
                "stack",
                "deploy",
                "-c",
                PackageIT.ROOT.resolve("examples/swarm-stack.yml").toString(),
                stack)
            .redirectErrorStream(true);
    // Each node's task mounts its own engine's socket (the lab names them by host name).
    deploy.environment().put("DOCKER_SOCKET", "/run/dockerdns-lab/{{.Node.Hostname}}.sock");
    deploy
        .environment()
        .put(
            "DOCKER_GID",
            PackageIT.run(
                    PackageIT.ROOT, List.of("stat", "-L", "-c", "%g", second.substring(7)), 10)
                .trim());
    Process p = deploy.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("stack deploy:\n" + out)
        .isTrue();
    String tasks = "tasks." + service + ".docker";

    Eventually.within(
        Duration.ofSeconds(90),
        () -> {
          assertThat(digAt("10.77.0.4", tasks)).hasSize(2);
          assertThat(digAt("10.77.0.5", tasks))
              .containsExactlyInAnyOrderElementsOf(digAt("10.77.0.4", tasks));
        });
    List<String> before = digAt("10.77.0.4", tasks);

    lab("kill n5");

    // n4 alone has lost the swarm's quorum: its dockerdns keeps the last known names. (n5's
    // containers outlive its killed dockerd: its dockerdns answers as last known too.)
    for (int i = 0; i < 5; i++) {
      assertThat(digAt("10.77.0.4", tasks)).containsExactlyInAnyOrderElementsOf(before);
      Thread.sleep(1000);
    }
  }

  /** dig's short answer from a lab node's port 53. */
  private static List<String> digAt(String address, String name) {
    try {
      Process p =
          new ProcessBuilder("dig", "+short", "+tries=1", "+time=2", "@" + address, name).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      return out.isEmpty() || out.startsWith(";;") ? List.of() : out.lines().toList();
    } catch (IOException e) {
      throw new AssertionError("cannot run dig: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String createService(String base, String... options) {
    String service = swarm.name(base);
    List<String> create =
        new ArrayList<>(
            List.of("service", "create", "-d", "--name", service, "--network", network));
    create.addAll(List.of(options));
    create.addAll(List.of(DockerFixture.IMAGE, "sleep", "3600"));
    services.add(service);
    swarm.docker(create.toArray(String[]::new));
    return service;
  }

  private String serviceVip(String service, String network) {
    String networkId = swarm.docker("network", "inspect", "--format", "{{.Id}}", network);
    String vips =
        swarm.docker(
            "service",
            "inspect",
            "--format",
            "{{range .Endpoint.VirtualIPs}}{{.NetworkID}} {{.Addr}}\n{{end}}",
            service);
    return vips.lines()
        .filter(line -> line.startsWith(networkId + " "))
        .map(line -> line.substring(line.indexOf(' ') + 1).replaceAll("/\\d+$", ""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no VIP of " + service + " on " + network));
  }

  private Running start(String... args) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of("run", "--dns-port", "0", "--nxdomain", "--console", "--console-port", "0"));
    all.addAll(List.of(args));
    return launches.startDns(all.toArray(String[]::new));
  }

  /** dig's short answer as lines (none when empty). */
  private static List<String> dig(Running run, String... question) {
    String out = digShort(run.port(), question);
    return out.isEmpty() ? List.of() : out.lines().toList();
  }

  /** The answer's status (NOERROR, NXDOMAIN, ...). */
  private static String status(Running run, String name) {
    String out;
    try {
      Process p =
          new ProcessBuilder(
                  "dig", "+tries=1", "+time=2", "@127.0.0.1", "-p", "" + run.port(), name)
              .start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new AssertionError("cannot run dig: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    Matcher m = Pattern.compile("status: (\\w+)").matcher(out);
    return m.find() ? m.group(1) : out;
  }

  private static String consoleOf(Running run) {
    Matcher console = CONSOLE.matcher("");
    Eventually.until(WAIT, "the console line", () -> console.reset(run.log()).find());
    return "http://127.0.0.1:" + console.group(1);
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
