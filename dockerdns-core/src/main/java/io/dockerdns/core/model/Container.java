package io.dockerdns.core.model;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One container as the registry knows it: what Docker said at the last inspect, reduced to what
 * naming, SFTP and the console need. Never holds environment variables.
 *
 * @param id the full 64-hex container id
 * @param name the name without Docker's leading {@code /}
 * @param hostname the configured hostname (Docker defaults it to the 12-character short id)
 * @param image the image reference the container was created with
 * @param labels the container's labels
 * @param networks the networks the container is attached to, sorted by network name
 * @param ports the published port bindings
 * @param mounts the volumes and bind mounts
 * @param state the lifecycle state
 * @param health what its health check says ({@link Health#NONE} without one)
 * @param pid the host's process id of the container's main process, {@code 0} when it has none (not
 *     running) or the engine did not say; SFTP reaches the container's files through it
 * @param source the source that reported it: the engine's address ({@value #NO_SOURCE} when built
 *     outside a source, as in tests and embedders' own registries)
 */
public record Container(
    String id,
    String name,
    String hostname,
    ImageRef image,
    Map<String, String> labels,
    List<NetworkAttachment> networks,
    List<PortBinding> ports,
    List<Mount> mounts,
    ContainerState state,
    Health health,
    int pid,
    String source) {

  /** The source of a container that no engine reported. */
  public static final String NO_SOURCE = "";

  /** Label whose value is a comma-separated list of extra names. */
  public static final String ALIASES_LABEL = "dockerdns.aliases";

  /** Label naming the networks (comma-separated) whose addresses DNS answers with. */
  public static final String NETWORK_LABEL = "dockerdns.network";

  /** Label {@code true} or {@code false}: whether DNS names the container at all. */
  public static final String ENABLE_LABEL = "dockerdns.enable";

  /** Label {@code ignore}: answered whatever its health check says. */
  public static final String HEALTH_LABEL = "dockerdns.health";

  /** Label {@code true}: every name below the container's name answers as its name. */
  public static final String SUBDOMAINS_LABEL = "dockerdns.subdomains";

  /** Label: the time to live of this container's answers, in seconds. */
  public static final String TTL_LABEL = "dockerdns.ttl";

  /** The largest {@value #TTL_LABEL} taken: a week. */
  public static final int MAX_TTL = 604_800;

  /** Docker Compose's label for the service name. */
  public static final String COMPOSE_SERVICE_LABEL = "com.docker.compose.service";

  /** Docker Compose's label for the project name. */
  public static final String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

  /** The Compose label numbering a service's replicas from 1: {@code N.SERVICE.PROJECT}. */
  public static final String COMPOSE_NUMBER_LABEL = "com.docker.compose.container-number";

  /**
   * Label of the entries a Swarm source makes: {@value #SWARM_SERVICE} for a service's own entry
   * (its virtual IPs and published ports), {@value #SWARM_TASK} for a task. Engines never set it.
   */
  public static final String SWARM_KIND_LABEL = "dockerdns.swarm.kind";

  /** {@link #SWARM_KIND_LABEL}'s value on a service's own entry. */
  public static final String SWARM_SERVICE = "service";

  /** {@link #SWARM_KIND_LABEL}'s value on a task's entry. */
  public static final String SWARM_TASK = "task";

  /** Sort order used wherever several containers answer: by name, then by id. */
  public static final Comparator<Container> BY_NAME =
      Comparator.comparing((Container c) -> c.name().toLowerCase(Locale.ROOT))
          .thenComparing(Container::id);

  public Container {
    requireText(id, "id");
    requireText(name, "name");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(source, "source");
    if (pid < 0) {
      throw new IllegalArgumentException("container pid must not be negative, got " + pid);
    }
    if (name.startsWith("/")) {
      name = name.substring(1);
    }
    labels = Map.copyOf(labels);
    networks = networks.stream().sorted(Comparator.comparing(NetworkAttachment::network)).toList();
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
  }

  /**
   * This container as reported by {@code otherSource}: the same container when it already is (a
   * container keeps its source through every edit without a copy).
   */
  public Container reportedBy(String otherSource) {
    return source.equals(otherSource)
        ? this
        : new Container(
            id,
            name,
            hostname,
            image,
            labels,
            networks,
            ports,
            mounts,
            state,
            health,
            pid,
            otherSource);
  }

  /** This container with its health as {@code newHealth} says. */
  public Container withHealth(Health newHealth) {
    return newHealth.equals(health)
        ? this
        : new Container(
            id, name, hostname, image, labels, networks, ports, mounts, state, newHealth, pid,
            source);
  }

  /** This container with {@code newLabels} as its labels: the same container when they are. */
  public Container withLabels(Map<String, String> newLabels) {
    return newLabels.equals(labels)
        ? this
        : new Container(
            id, name, hostname, image, newLabels, networks, ports, mounts, state, health, pid,
            source);
  }

  /** The first 12 characters of the id, as {@code docker ps} shows it. */
  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /** Whether the container counts for naming: running (paused ones keep their addresses). */
  public boolean isUp() {
    return state.isUp();
  }

  /**
   * Whether this is a Swarm service's own entry rather than a container: it answers by its name
   * after containers' names, aliases and hostnames, and is not an image's container.
   */
  public boolean isSwarmService() {
    return SWARM_SERVICE.equals(labels.get(SWARM_KIND_LABEL));
  }

  /** Extra names from the {@value #ALIASES_LABEL} label, trimmed, empty entries dropped. */
  public List<String> aliases() {
    return NamingLabels.list(labels.get(ALIASES_LABEL));
  }

  /**
   * What the {@value #ENABLE_LABEL} label says: named ({@code true}), left out ({@code false}), or
   * empty when absent or neither word (then the default applies).
   */
  public Optional<Boolean> enableLabel() {
    String value = labels.get(ENABLE_LABEL);
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.equalsIgnoreCase("true")) {
      return Optional.of(Boolean.TRUE);
    }
    return v.equalsIgnoreCase("false") ? Optional.of(Boolean.FALSE) : Optional.empty();
  }

  /** Whether the {@value #HEALTH_LABEL} label says to answer whatever the health check says. */
  public boolean ignoresHealth() {
    String value = labels.get(HEALTH_LABEL);
    return value != null && value.trim().equalsIgnoreCase("ignore");
  }

  /** Whether the {@value #SUBDOMAINS_LABEL} label is {@code true}. */
  public boolean answersSubdomains() {
    String value = labels.get(SUBDOMAINS_LABEL);
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  /**
   * The {@value #TTL_LABEL} label's seconds, 0 to {@value #MAX_TTL}; empty when absent or invalid
   * (see {@link NamingLabels#problems}).
   */
  public OptionalInt ttlLabel() {
    String value = labels.get(TTL_LABEL);
    return value == null ? OptionalInt.empty() : NamingLabels.seconds(value);
  }

  /** The networks the {@value #NETWORK_LABEL} label names, in its order; empty when none. */
  public List<String> networkLabel() {
    return NamingLabels.list(labels.get(NETWORK_LABEL));
  }

  /** The Compose {@code SERVICE.PROJECT} key, when both Compose labels are present. */
  public Optional<String> composeKey() {
    String service = labels.get(COMPOSE_SERVICE_LABEL);
    String project = labels.get(COMPOSE_PROJECT_LABEL);
    if (service == null || project == null || service.isBlank() || project.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(service + "." + project);
  }

  /**
   * The Compose {@code N.SERVICE.PROJECT} key of one replica, from its {@value
   * #COMPOSE_NUMBER_LABEL} label (the twin of a Swarm task's {@code SLOT.SERVICE}); empty without
   * the Compose labels or a whole number there.
   */
  public Optional<String> composeReplicaKey() {
    String number = labels.get(COMPOSE_NUMBER_LABEL);
    if (number == null || !number.matches("[1-9][0-9]{0,8}")) {
      return Optional.empty();
    }
    return composeKey().map(key -> number + "." + key);
  }

  /** Every address on every network, in network order, IPv4 before IPv6 within a network. */
  public List<InetAddress> allAddresses() {
    return networks.stream().flatMap(n -> n.addresses().stream()).toList();
  }

  /** The attachment to the named network, if the container is on it. */
  public Optional<NetworkAttachment> network(String networkName) {
    return networks.stream().filter(n -> n.network().equals(networkName)).findFirst();
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("container " + what + " must not be empty");
    }
  }
}
