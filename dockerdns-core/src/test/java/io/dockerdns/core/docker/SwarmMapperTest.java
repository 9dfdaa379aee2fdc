package io.dockerdns.core.docker;

import static io.dockerdns.core.testing.AnswerText.render;
import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The swarm's names, from answers recorded on the lab ({@code scripts/lab.sh swarm}, then {@code
 * docker stack deploy} of a stack {@code shop}): {@code shop_web} (2 replicas, vip, port 8080
 * published through the routing mesh), {@code shop_db} (2 replicas, dnsrr) and {@code shop_agent}
 * (global, 9053/udp published in host mode) on nodes ddlab-n2 (manager, 10.77.0.2) and ddlab-n3
 * (worker, 10.77.0.3).
 */
class SwarmMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String N3 = "nvvxxjp07glsq489cxax4u3ey";
  private final Resolver resolver = new Resolver(NamingConfig.DEFAULT);

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # vip mode: the service's virtual IP on its own network, never the ingress network's
          shop_web.docker                 | A   | 10.0.1.2
          shop_agent.docker               | A   | 10.0.1.7
          # the stack form, by the Compose rule
          web.shop.docker                 | A   | 10.0.1.2
          # every running task, on both nodes
          tasks.shop_web.docker           | A   | 10.0.1.3 10.0.1.4
          tasks.shop_agent.docker         | A   | 10.0.1.9 10.0.1.8
          # one task: by slot (replicated), by node host name (global)
          1.shop_web.docker               | A   | 10.0.1.3
          2.shop_db.docker                | A   | 10.0.1.6
          ddlab-n3.shop_agent.docker      | A   | 10.0.1.8
          # dnsrr mode: the tasks' addresses, also in the stack form
          shop_db.docker                  | A   | 10.0.1.5 10.0.1.6
          db.shop.docker                  | A   | 10.0.1.5 10.0.1.6
          # routing mesh: every ready node; host mode: the nodes running a task
          _80._tcp.shop_web.docker        | SRV | 8080 10-77-0-2.host.docker. 8080 10-77-0-3.host.docker.
          _53._udp.shop_agent.docker      | SRV | 9053 10-77-0-2.host.docker. 9053 10-77-0-3.host.docker.
          _53._udp.ddlab-n2.shop_agent.docker | SRV | 9053 10-77-0-2.host.docker.
          10-77-0-3.host.docker           | A   | 10.77.0.3
          # tasks are the image's containers; services are not
          busybox.*.docker                | A   | 10.0.1.9 10.0.1.8 10.0.1.5 10.0.1.6 10.0.1.3 10.0.1.4
          # PTR: a VIP names its service, a task address its task
          2.1.0.10.in-addr.arpa           | PTR | shop_web.docker.
          3.1.0.10.in-addr.arpa           | PTR | shop_web.1.e5uzg5zgszzthzpoft0ynntwz.docker.
          """)
  void the_recorded_swarm_answers_each_name_form(String name, String type, String expected)
      throws IOException {
    Resolution resolution =
        resolver.resolve(snapshotOf(mapped(state())), name, QueryType.valueOf(type));

    assertThat(resolution).isInstanceOf(Resolution.Found.class);
    assertThat(render(((Resolution.Found) resolution).answers())).isEqualTo(expected);
  }

  @Test
  void the_ingress_network_is_not_where_clients_find_anything() throws IOException {
    RegistrySnapshot snapshot = snapshotOf(mapped(state()));

    assertThat(resolver.resolve(snapshot, "4.0.0.10.in-addr.arpa", QueryType.PTR))
        .isEqualTo(Resolution.NO_SUCH_NAME);
    assertThat(snapshot.containers())
        .allSatisfy(
            c -> assertThat(c.networks()).allMatch(n -> n.network().equals("shop_default")));
  }

  @Test
  void a_task_entry_is_the_task_s_container_and_says_where_it_runs() throws IOException {
    Container task =
        mapped(state()).entries().stream()
            .filter(c -> c.name().startsWith("shop_web.1."))
            .findFirst()
            .orElseThrow();

    assertThat(task.id()).startsWith("f5d18c20398e");
    assertThat(task.labels())
        .containsEntry(Container.SWARM_KIND_LABEL, Container.SWARM_TASK)
        .containsEntry(SwarmMapper.SLOT_LABEL, "1")
        .containsEntry(SwarmMapper.NODE_LABEL, "ddlab-n3");
    assertThat(task.pid()).isZero(); // not on this host: nobody logs in to it over SFTP
    assertThat(task.isSwarmService()).isFalse();
  }

  @Test
  void tasks_on_a_node_the_manager_marks_down_leave_and_the_mesh_lists_only_ready_nodes()
      throws IOException {
    SwarmState state = state();
    for (JsonNode node : state.nodes()) {
      if (node.path("ID").asText().equals(N3)) {
        ((ObjectNode) node.path("Status")).put("State", "down");
      }
    }
    RegistrySnapshot snapshot = snapshotOf(mapped(state));

    assertThat(answers(snapshot, "tasks.shop_web.docker", QueryType.A)).isEqualTo("10.0.1.4");
    assertThat(answers(snapshot, "_80._tcp.shop_web.docker", QueryType.SRV))
        .isEqualTo("8080 10-77-0-2.host.docker.");
    assertThat(resolver.resolve(snapshot, "ddlab-n3.shop_agent.docker", QueryType.A))
        .isEqualTo(Resolution.NO_SUCH_NAME);
  }

  @Test
  void a_service_short_of_running_tasks_is_converging_and_answers_what_runs() throws IOException {
    assertThat(mapped(state()).converging()).isFalse();

    SwarmState state = state();
    JsonNode starting = state.tasks().get(0); // shop_web.1
    ((ObjectNode) starting.path("Status")).put("State", "starting");
    SwarmMapper.Mapped mapped = mapped(state);

    assertThat(mapped.converging()).isTrue();
    assertThat(answers(snapshotOf(mapped), "tasks.shop_web.docker", QueryType.A))
        .isEqualTo("10.0.1.4");
  }

  @Test
  void a_service_s_naming_labels_hold_for_its_tasks_but_its_aliases_name_the_service()
      throws IOException {
    SwarmState state = state();
    for (JsonNode service : state.services()) {
      if (service.path("Spec").path("Name").asText().equals("shop_web")) {
        ((ObjectNode) service.path("Spec"))
            .putObject("Labels")
            .put("dockerdns.ttl", "5")
            .put("dockerdns.aliases", "front");
      }
    }

    List<Container> entries = mapped(state).entries();

    assertThat(entries)
        .filteredOn(c -> c.name().startsWith("shop_web."))
        .hasSize(2)
        .allMatch(task -> task.ttlLabel().getAsInt() == 5)
        .noneMatch(task -> task.aliases().contains("front"));
    assertThat(answers(snapshotOf(mapped(state)), "front.docker", QueryType.A))
        .as("the service's VIP")
        .isEqualTo("10.0.1.2");
  }

  @Test
  void a_service_whose_name_is_not_a_dns_label_is_skipped_with_one_line() throws IOException {
    SwarmState state = state();
    ((ObjectNode) state.services().get(0).path("Spec")).put("Name", "shop web!");

    SwarmMapper.Mapped mapped = mapped(state);

    assertThat(mapped.skipped())
        .containsExactly("swarm service \"shop web!\" skipped: its name is not a DNS label");
    assertThat(mapped.entries()).noneMatch(c -> c.name().contains("web"));
    assertThat(mapped.entries()).hasSize(5); // shop_db's 2 tasks, shop_agent and its 2 tasks
  }

  @Test
  void a_service_whose_tasks_are_on_no_swarm_network_is_said_once() throws IOException {
    SwarmState state = state();
    for (JsonNode task : state.tasks()) {
      ((ObjectNode) task).remove("NetworksAttachments");
    }

    SwarmMapper.Mapped mapped = mapped(state);

    assertThat(mapped.skipped())
        .hasSize(3) // one line per service, however many tasks
        .allMatch(line -> line.endsWith("(attach the service to an overlay network)"));
    assertThat(resolver.resolve(snapshotOf(mapped), "tasks.shop_db.docker", QueryType.A))
        .isEqualTo(Resolution.NO_DATA);
  }

  @Test
  void a_container_s_name_alias_or_hostname_wins_over_a_service_of_that_name() throws IOException {
    List<Container> swarm = mapped(state()).entries();
    Container named = container("shop_web").ip("bridge", "172.17.0.2").build();
    Container aliased =
        container("other")
            .label("dockerdns.aliases", "shop_agent")
            .ip("bridge", "172.17.0.3")
            .build();

    ContainerRegistry registry = new ContainerRegistry();
    registry.source("swarm:x").replaceAll(swarm);
    registry.source("unix:///var/run/docker.sock").replaceAll(List.of(named, aliased));
    RegistrySnapshot snapshot = registry.snapshot();

    assertThat(answers(snapshot, "shop_web.docker", QueryType.A)).isEqualTo("172.17.0.2");
    assertThat(answers(snapshot, "shop_agent.docker", QueryType.A)).isEqualTo("172.17.0.3");
    // the service's other forms still answer
    assertThat(answers(snapshot, "web.shop.docker", QueryType.A)).isEqualTo("10.0.1.2");
    assertThat(answers(snapshot, "tasks.shop_web.docker", QueryType.A))
        .isEqualTo("10.0.1.3 10.0.1.4");
  }

  @Test
  void a_task_made_from_the_same_versions_is_reused_and_a_changed_one_made_again()
      throws IOException {
    SwarmMapper.Mapped first = mapped(state());
    SwarmState changed = state();
    ObjectNode web1 = (ObjectNode) changed.tasks().get(0); // shop_web.1
    ((ObjectNode) web1.path("Version"))
        .put("Index", web1.path("Version").path("Index").asLong() + 1);
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            web1.path("NetworksAttachments").get(1).path("Addresses"))
        .removeAll()
        .add("10.0.1.99/24");

    SwarmMapper.Mapped second = SwarmMapper.map(changed, "swarm:test", first.tasksByVersion());

    Container before = entry(first, "shop_web.1.");
    Container after = entry(second, "shop_web.1.");
    assertThat(after).isNotSameAs(before);
    assertThat(after.allAddresses()).map(a -> a.getHostAddress()).containsExactly("10.0.1.99");
    assertThat(entry(second, "shop_web.2.")).isSameAs(entry(first, "shop_web.2."));
  }

  private static Container entry(SwarmMapper.Mapped mapped, String prefix) {
    return mapped.entries().stream()
        .filter(c -> c.name().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void membership_comes_from_the_engine_s_info() throws IOException {
    assertThat(SwarmMembership.fromInfo(resource("info.json")))
        .isEqualTo(new SwarmMembership(SwarmMembership.Role.MANAGER, "sfaaktd9jkr3f5txmqo8ylgy4"));
    assertThat(SwarmMembership.fromInfo(resource("info-worker.json")).role())
        .isEqualTo(SwarmMembership.Role.WORKER);
    assertThat(
            SwarmMembership.fromInfo(
                JSON.readTree("{\"Swarm\": {\"LocalNodeState\": \"inactive\"}}")))
        .isEqualTo(SwarmMembership.NONE);
  }

  private String answers(RegistrySnapshot snapshot, String name, QueryType type) {
    Resolution resolution = resolver.resolve(snapshot, name, type);
    assertThat(resolution).as(name).isInstanceOf(Resolution.Found.class);
    return render(((Resolution.Found) resolution).answers());
  }

  private static SwarmMapper.Mapped mapped(SwarmState state) {
    return SwarmMapper.map(state, "swarm:test");
  }

  private static RegistrySnapshot snapshotOf(SwarmMapper.Mapped mapped) {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(mapped.entries());
    return registry.snapshot();
  }

  /** A fresh copy of the recorded answers: tests change them. */
  static SwarmState state() throws IOException {
    return new SwarmState(
        resource("services.json"),
        resource("tasks.json"),
        resource("nodes.json"),
        resource("networks.json"));
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in =
        SwarmMapperTest.class.getClassLoader().getResourceAsStream("engine/swarm/" + name)) {
      return JSON.readTree(in);
    }
  }
}
