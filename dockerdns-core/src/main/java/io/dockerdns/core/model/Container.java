package io.dockerdns.core.model;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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
    int pid,
    String source) {

  /** The source of a container that no engine reported. */
  public static final String NO_SOURCE = "";

  /** Label whose value is a comma-separated list of extra names. */
  public static final String ALIASES_LABEL = "dockerdns.aliases";

  /** Label naming the one network whose addresses DNS should answer with. */
  public static final String NETWORK_LABEL = "dockerdns.network";

  /** Docker Compose's label for the service name. */
  public static final String COMPOSE_SERVICE_LABEL = "com.docker.compose.service";

  /** Docker Compose's label for the project name. */
  public static final String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

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
            id, name, hostname, image, labels, networks, ports, mounts, state, pid, otherSource);
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
    String value = labels.get(ALIASES_LABEL);
    if (value == null) {
      return List.of();
    }
    return Stream.of(value.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
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
