package io.dockerdns.core.docker;

import static io.dockerdns.core.docker.SwarmJson.attachment;
import static io.dockerdns.core.docker.SwarmJson.binding;
import static io.dockerdns.core.docker.SwarmJson.image;
import static io.dockerdns.core.docker.SwarmJson.networkNames;
import static io.dockerdns.core.docker.SwarmJson.nodes;
import static io.dockerdns.core.docker.SwarmJson.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.docker.SwarmJson.Node;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.Health;
import io.dockerdns.core.model.ImageRef;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one reading of a swarm ({@link SwarmState}) into registry entries, the names of DESIGN 10.2
 * carried the way containers carry theirs, so the resolver's rules serve them unchanged:
 *
 * <ul>
 *   <li>a service in {@code vip} mode gets an entry of its own named {@code SERVICE}, holding its
 *       virtual IPs and its published ports (ingress: on every ready node; host mode: on the nodes
 *       that run a task), labelled {@value Container#SWARM_KIND_LABEL}={@value
 *       Container#SWARM_SERVICE};
 *   <li>each running task is an entry named as Docker names its container ({@code
 *       SERVICE.SLOT.TASKID}, global: {@code SERVICE.NODEID.TASKID}) with the aliases {@code
 *       tasks.SERVICE} and {@code SLOT.SERVICE} (global: {@code NODE.SERVICE}, by the node's host
 *       name), and in {@code dnsrr} mode {@code SERVICE} too;
 *   <li>a stack's service ({@code STACK_SERVICE}, label {@code com.docker.stack.namespace}) carries
 *       Compose's labels (service {@code SERVICE}, project {@code STACK}) on whatever answers its
 *       name, so {@code SERVICE.STACK} answers by the Compose rule.
 * </ul>
 *
 * Tasks on nodes that are not ready are left out: the manager has lost them. Names that cannot be
 * DNS labels are skipped and said in {@link Mapped#skipped()}. Pure: no I/O, no clock.
 */
final class SwarmMapper {

  static final String STACK_LABEL = "com.docker.stack.namespace";

  /** What the entries of one service carry besides the user's labels. */
  static final String SERVICE_LABEL = "dockerdns.swarm.service";

  static final String SLOT_LABEL = "dockerdns.swarm.slot";
  static final String NODE_LABEL = "dockerdns.swarm.node";

  /** A service's labels that each of its tasks takes too (see {@code serviceWideLabels}). */
  private static final List<String> TASK_INHERITED_LABELS =
      List.of(
          Container.ENABLE_LABEL,
          Container.HEALTH_LABEL,
          Container.TTL_LABEL,
          Container.NETWORK_LABEL,
          Container.SUBDOMAINS_LABEL);

  private static final Pattern DNS_LABEL =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

  private SwarmMapper() {}

  /**
   * The entries of one reading.
   *
   * @param entries services' own entries and running tasks
   * @param converging whether a service has fewer running tasks than it asks for, or tasks on their
   *     way to running: the swarm is changing and worth reading again soon
   * @param skipped one line for each thing left out because its name cannot be a DNS label
   * @param tasksByVersion each task's entry by the versions it was made from: give it to the next
   *     {@link #map(SwarmState, String, Map)} so tasks that did not change are not made again
   */
  record Mapped(
      List<Container> entries,
      boolean converging,
      List<String> skipped,
      Map<String, Container> tasksByVersion) {}

  static Mapped map(SwarmState state, String source) {
    return map(state, source, Map.of());
  }

  /**
   * The entries of one reading, reusing the entries of tasks that the earlier reading made from the
   * same versions of the task, its service and its node (Swarm raises an object's version on every
   * change): one service's change in a swarm of 2,000 tasks then makes a handful of entries.
   */
  static Mapped map(SwarmState state, String source, Map<String, Container> earlier) {
    Map<String, Node> nodes = nodes(state.nodes());
    Map<String, String> networks = networkNames(state.networks());
    Map<String, List<JsonNode>> tasksOf = new HashMap<>();
    for (JsonNode task : state.tasks()) {
      tasksOf.computeIfAbsent(task.path("ServiceID").asText(""), id -> new ArrayList<>()).add(task);
    }
    List<Container> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, Container> made = new HashMap<>();
    boolean converging = false;
    for (JsonNode service : state.services()) {
      String name = service.path("Spec").path("Name").asText("");
      if (!DNS_LABEL.matcher(name).matches()) {
        skipped.add("swarm service \"" + name + "\" skipped: its name is not a DNS label");
        continue;
      }
      List<JsonNode> tasks = tasksOf.getOrDefault(service.path("ID").asText(""), List.of());
      ServiceView view =
          new ServiceView(service, name, nodes, networks, source, skipped, earlier, made);
      converging |= view.converging(tasks);
      entries.addAll(view.entries(tasks));
    }
    return new Mapped(List.copyOf(entries), converging, List.copyOf(skipped), made);
  }

  /** One service and what it answers. */
  private static final class ServiceView {
    private final JsonNode service;
    private final JsonNode spec;
    private final String name;
    private final Map<String, Node> nodes;
    private final Map<String, String> networks;
    private final String source;
    private final List<String> skipped;
    private final Map<String, Container> earlier;
    private final Map<String, Container> made;
    private final Optional<String> stack;
    private final boolean dnsrr;
    private final boolean global;

    ServiceView(
        JsonNode service,
        String name,
        Map<String, Node> nodes,
        Map<String, String> networks,
        String source,
        List<String> skipped,
        Map<String, Container> earlier,
        Map<String, Container> made) {
      this.service = service;
      this.spec = service.path("Spec");
      this.name = name;
      this.nodes = nodes;
      this.networks = networks;
      this.source = source;
      this.skipped = skipped;
      this.earlier = earlier;
      this.made = made;
      this.stack = JsonFields.text(spec.path("Labels"), STACK_LABEL);
      this.dnsrr = "dnsrr".equals(spec.path("EndpointSpec").path("Mode").asText("vip"));
      this.global = spec.path("Mode").has("Global");
    }

    boolean converging(List<JsonNode> tasks) {
      long running = tasks.stream().filter(t -> "running".equals(state(t))).count();
      if (running < tasks.size()) {
        return true;
      }
      if ("updating".equals(service.path("UpdateStatus").path("State").asText(""))) {
        return true;
      }
      JsonNode replicas = spec.path("Mode").path("Replicated").path("Replicas");
      return replicas.isNumber() && running < replicas.asLong();
    }

    List<Container> entries(List<JsonNode> tasks) {
      List<Container> entries = new ArrayList<>();
      boolean unaddressed = false;
      List<PortBinding> hostModePorts = new ArrayList<>();
      for (JsonNode task : tasks) {
        Node node = nodes.get(task.path("NodeID").asText(""));
        if (!"running".equals(state(task)) || node == null || !node.ready()) {
          continue;
        }
        Container entry = taskOnce(task, node);
        hostModePorts.addAll(entry.ports());
        entries.add(entry);
        unaddressed |= entry.networks().isEmpty();
      }
      if (unaddressed) {
        skipped.add(
            "swarm service "
                + name
                + ": its tasks are on no swarm network, so the manager knows no address of"
                + " theirs and their names answer no address (attach the service to an overlay network)");
      }
      if (!dnsrr) {
        entries.add(serviceEntry(hostModePorts));
      }
      return entries;
    }

    private Container serviceEntry(List<PortBinding> hostModePorts) {
      Set<PortBinding> ports = new LinkedHashSet<>();
      for (JsonNode port : service.path("Endpoint").path("Ports")) {
        if ("ingress".equals(port.path("PublishMode").asText("ingress"))) {
          for (Node node : nodes.values()) {
            if (node.ready()) {
              node.address().flatMap(a -> binding(port, a)).ifPresent(ports::add);
            }
          }
        }
      }
      ports.addAll(hostModePorts);
      Map<String, List<String>> vips = new LinkedHashMap<>();
      for (JsonNode vip : service.path("Endpoint").path("VirtualIPs")) {
        String network = networks.get(vip.path("NetworkID").asText(""));
        if (network != null) {
          vips.computeIfAbsent(network, n -> new ArrayList<>()).add(vip.path("Addr").asText(""));
        }
      }
      List<NetworkAttachment> attachments = new ArrayList<>();
      vips.forEach(
          (network, addresses) -> attachment(network, addresses).ifPresent(attachments::add));
      Map<String, String> labels = new HashMap<>(JsonFields.textFields(spec.path("Labels")));
      labels.put(Container.SWARM_KIND_LABEL, Container.SWARM_SERVICE);
      labels.put(SERVICE_LABEL, name);
      stackLabels(labels);
      return entry(service.path("ID").asText(name), name, image(spec), labels, attachments, ports);
    }

    /** The task's entry, the earlier reading's when made from the same versions. */
    private Container taskOnce(JsonNode task, Node node) {
      JsonNode version = task.path("Version").path("Index");
      if (!version.isNumber()) {
        return task(task, node); // an engine that gives no versions: made every time
      }
      String key =
          task.path("ID").asText("")
              + "@"
              + version.asLong()
              + "/"
              + service.path("Version").path("Index").asLong(-1)
              + "/"
              + node;
      Container entry = earlier.get(key);
      if (entry == null) {
        entry = task(task, node);
      }
      made.put(key, entry);
      return entry;
    }

    private Container task(JsonNode task, Node node) {
      String taskId = task.path("ID").asText("");
      int slot = task.path("Slot").asInt(0);
      String place = global || slot <= 0 ? task.path("NodeID").asText("") : Integer.toString(slot);
      List<String> aliases = new ArrayList<>();
      aliases.add("tasks." + name);
      if (!global && slot > 0) {
        aliases.add(slot + "." + name);
      } else if (DNS_LABEL.matcher(node.host()).matches()) {
        aliases.add(node.host() + "." + name);
      } else {
        skipped.add(
            "name "
                + node.host()
                + "."
                + name
                + " skipped: the node's host name is not a DNS label");
      }
      if (dnsrr) {
        aliases.add(name);
      }
      JsonNode containerSpec = task.path("Spec").path("ContainerSpec");
      Map<String, String> labels = serviceWideLabels();
      labels.putAll(JsonFields.textFields(containerSpec.path("Labels")));
      String own = labels.get(Container.ALIASES_LABEL);
      if (own != null && !own.isBlank()) {
        aliases.add(own);
      }
      labels.put(Container.ALIASES_LABEL, String.join(",", aliases));
      labels.put(Container.SWARM_KIND_LABEL, Container.SWARM_TASK);
      labels.put(SERVICE_LABEL, name);
      labels.put(NODE_LABEL, node.host());
      if (slot > 0) {
        labels.put(SLOT_LABEL, Integer.toString(slot));
      }
      if (dnsrr) {
        stackLabels(labels);
      }
      List<NetworkAttachment> attachments = new ArrayList<>();
      for (JsonNode attached : task.path("NetworksAttachments")) {
        JsonNode network = attached.path("Network");
        String networkName = network.path("Spec").path("Name").asText("");
        if (network.path("Spec").path("Ingress").asBoolean(false) || networkName.isEmpty()) {
          continue; // the routing mesh's own network: not where a client finds the task
        }
        List<String> addresses = new ArrayList<>();
        attached.path("Addresses").forEach(a -> addresses.add(a.asText("")));
        attachment(networkName, addresses).ifPresent(attachments::add);
      }
      Set<PortBinding> ports = new LinkedHashSet<>();
      for (JsonNode port : task.path("Status").path("PortStatus").path("Ports")) {
        if ("host".equals(port.path("PublishMode").asText(""))) {
          node.address().flatMap(a -> binding(port, a)).ifPresent(ports::add);
        }
      }
      String containerId =
          task.path("Status").path("ContainerStatus").path("ContainerID").asText("");
      return entry(
          containerId.isEmpty() ? taskId : containerId,
          name + "." + place + "." + taskId,
          image(task.path("Spec").has("ContainerSpec") ? task.path("Spec") : spec),
          labels,
          attachments,
          ports);
    }

    /**
     * An entry as the registry holds containers: running, no host process (pid 0: not on this host,
     * so no SFTP), no mounts, no hostname of its own.
     */
    private Container entry(
        String id,
        String entryName,
        String image,
        Map<String, String> labels,
        List<NetworkAttachment> attachments,
        Set<PortBinding> ports) {
      return new Container(
          id,
          entryName,
          "",
          new ImageRef(image),
          labels,
          attachments,
          List.copyOf(ports),
          List.of(),
          ContainerState.RUNNING,
          Health.NONE,
          0,
          source);
    }

    /**
     * The service's naming labels that hold for each of its tasks as well ({@code docker service
     * create --label dockerdns.ttl=5}); a task's container labels override them. Not its aliases:
     * those name the service itself.
     */
    private Map<String, String> serviceWideLabels() {
      Map<String, String> labels = new HashMap<>();
      Map<String, String> serviceLabels = JsonFields.textFields(spec.path("Labels"));
      for (String label : TASK_INHERITED_LABELS) {
        String value = serviceLabels.get(label);
        if (value != null) {
          labels.put(label, value);
        }
      }
      return labels;
    }

    /** Compose's labels for a stack's service, so {@code SERVICE.STACK} answers by its rule. */
    private void stackLabels(Map<String, String> labels) {
      stack.ifPresent(
          s -> {
            String prefix = s + "_";
            String shortName = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
            labels.put(Container.COMPOSE_PROJECT_LABEL, s);
            labels.put(Container.COMPOSE_SERVICE_LABEL, shortName);
          });
    }
  }
}
