package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.SourceFeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A swarm of 2,000 synthetic tasks (20 services of 100 replicas on 10 nodes, one overlay network):
 * what one reading of the swarm costs when one service changed (the whole reading mapped, then the
 * registry edited with what differs: what {@link SwarmSource} does on each service event and poll),
 * and a name lookup in a registry holding the swarm against one holding as many containers.
 *
 * <pre>bench/swarm.sh</pre>
 */
@State(Scope.Benchmark)
@Fork(
    value = 2,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SwarmBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SERVICES = 20;
  private static final int REPLICAS = 100;
  private static final int NODES = 10;

  @Param({"swarm", "containers"})
  String held;

  private SwarmState[] readings;
  private SourceFeed feed;
  private SwarmSource source;
  private RegistrySnapshot snapshot;
  private String[] names;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    // Two readings that differ in one service: its task 1 moved to another address.
    readings = new SwarmState[] {reading(0), reading(1)};
    ContainerRegistry registry = new ContainerRegistry();
    feed = registry.source("swarm:bench");
    List<Container> entries = SwarmMapper.map(readings[0], "swarm:bench").entries();
    if (held.equals("swarm")) {
      feed.replaceAll(entries);
      names = new String[4096];
      for (int i = 0; i < names.length; i++) {
        int task = Math.floorMod(i * 2_654_435_761L, SERVICES * REPLICAS);
        names[i] = (task % REPLICAS + 1) + ".svc-" + task / REPLICAS; // SLOT.SERVICE: an alias
      }
    } else {
      // As many plain containers, found by name: the registry as it is without a swarm.
      feed.replaceAll(
          entries.stream()
              .map(
                  c ->
                      new Container(
                          c.id(),
                          "c-" + c.id(),
                          "",
                          c.image(),
                          java.util.Map.of(),
                          c.networks(),
                          List.of(),
                          List.of(),
                          c.state(),
                          c.health(),
                          0,
                          c.source()))
              .toList());
      names = new String[4096];
      List<Container> all = registry.snapshot().containers();
      for (int i = 0; i < names.length; i++) {
        names[i] = all.get(Math.floorMod(i * 2_654_435_761L, all.size())).name();
      }
    }
    snapshot = registry.snapshot();
    // The swarm source itself, reading a manager that answers the two readings in turn.
    ContainerRegistry followed = new ContainerRegistry();
    source = new SwarmSource(List.of(new Manager()), followed::source, Duration.ofSeconds(2));
    source.readOnce();
  }

  /**
   * One reading of the swarm as the swarm source makes it on a service event or poll: asked of the
   * manager, mapped, and applied to the registry as an edit of what changed (one service's task).
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void applyOneServiceChange() {
    source.readOnce();
  }

  /** The mapping alone, without the registry's edit. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object mapOneReading() {
    return SwarmMapper.map(readings[next++ & 1], "swarm:bench");
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object lookup() {
    String name = names[next++ & 4095];
    List<Container> found = snapshot.allNamed(name);
    return found.isEmpty() ? snapshot.byAlias(name) : found;
  }

  /** A manager whose readings alternate between the two. */
  private final class Manager implements SwarmApi {
    @Override
    public String url() {
      return "unix:///bench.sock";
    }

    @Override
    public SwarmMembership membership() {
      return new SwarmMembership(SwarmMembership.Role.MANAGER, "bench");
    }

    @Override
    public SwarmState state() {
      return readings[next++ & 1];
    }

    @Override
    public void close() {}
  }

  /** A swarm reading; {@code variant} 1 moves service 0's first task to another address. */
  private static SwarmState reading(int variant) {
    ArrayNode nodes = JSON.createArrayNode();
    for (int n = 0; n < NODES; n++) {
      ObjectNode node = nodes.addObject().put("ID", "node" + n);
      node.putObject("Description").put("Hostname", "host-" + n);
      node.putObject("Status").put("State", "ready").put("Addr", "10.9.0." + (n + 1));
    }
    ArrayNode networks = JSON.createArrayNode();
    networks.addObject().put("Id", "net1").put("Name", "app");
    ArrayNode services = JSON.createArrayNode();
    ArrayNode tasks = JSON.createArrayNode();
    for (int s = 0; s < SERVICES; s++) {
      ObjectNode service = services.addObject().put("ID", "svc" + s);
      service.putObject("Version").put("Index", 1);
      ObjectNode spec = service.putObject("Spec").put("Name", "svc-" + s);
      spec.putObject("Mode").putObject("Replicated").put("Replicas", REPLICAS);
      spec.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", "app:1");
      ObjectNode endpoint = service.putObject("Endpoint");
      endpoint
          .putArray("VirtualIPs")
          .addObject()
          .put("NetworkID", "net1")
          .put("Addr", "10.1." + s + ".1/16");
      endpoint
          .putArray("Ports")
          .addObject()
          .put("Protocol", "tcp")
          .put("TargetPort", 80)
          .put("PublishedPort", 8000 + s)
          .put("PublishMode", "ingress");
      for (int r = 0; r < REPLICAS; r++) {
        boolean moved = variant == 1 && s == 0 && r == 0;
        int host = r + 2 + (moved ? 200 : 0);
        ObjectNode task =
            tasks
                .addObject()
                .put("ID", "task" + s + "x" + r)
                .put("ServiceID", "svc" + s)
                .put("NodeID", "node" + (r % NODES))
                .put("Slot", r + 1);
        task.putObject("Version").put("Index", moved ? 2 : 1); // Swarm raises it on each change
        task.putObject("Spec").putObject("ContainerSpec").put("Image", "app:1");
        ObjectNode status = task.putObject("Status").put("State", "running");
        status
            .putObject("ContainerStatus")
            .put("ContainerID", "c" + s + "x" + r + (host > 200 ? "b" : ""));
        ObjectNode attachment = task.putArray("NetworksAttachments").addObject();
        attachment.putObject("Network").put("ID", "net1").putObject("Spec").put("Name", "app");
        attachment.putArray("Addresses").add("10.1." + s + "." + host + "/16");
      }
    }
    return new SwarmState(services, tasks, nodes, networks);
  }
}
