package io.dockerdns.core.docker;

import static io.dockerdns.core.docker.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.ImageRef;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.Mount;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the engine's inspect answer ({@code GET /containers/{id}/json}) into our {@link Container}.
 * It reads the JSON as a tree, only the fields dockerdns uses: docker-java's model of the answer is
 * over a hundred classes whose JSON mapping is built on first use, which cost ~200 ms of the first
 * read of the engine on a fresh JVM. Docker's shapes stop here; what leaves is our immutable model.
 * Environment variables are never read.
 */
final class ContainerMapper {

  private static final InetAddress ANY_IPV4 = IpAddresses.require("0.0.0.0", "wildcard");
  private static final Comparator<PortBinding> PORT_ORDER =
      Comparator.comparingInt(PortBinding::containerPort)
          .thenComparing(PortBinding::protocol)
          .thenComparingInt(PortBinding::hostPort);

  private ContainerMapper() {}

  /**
   * The container an inspect answer describes.
   *
   * @throws IllegalArgumentException when the answer lacks what every container has (an id, a name)
   *     or holds a state no engine reports
   */
  static Container toContainer(JsonNode inspect, String source) {
    JsonNode config = inspect.path("Config");
    String image = text(config, "Image").or(() -> text(inspect, "Image")).orElse("unknown");
    return new Container(
        text(inspect, "Id").orElse(""),
        text(inspect, "Name").orElse(""),
        text(config, "Hostname").orElse(""),
        new ImageRef(image),
        JsonFields.textFields(config.path("Labels")),
        networks(inspect.path("NetworkSettings").path("Networks")),
        ports(inspect.path("NetworkSettings").path("Ports")),
        mounts(inspect.path("Mounts")),
        state(inspect.path("State")),
        HealthReading.of(inspect.path("State")),
        Math.max(0, inspect.path("State").path("Pid").asInt(0)),
        source);
  }

  private static ContainerState state(JsonNode state) {
    if (state.isMissingNode() || state.isNull()) {
      return ContainerState.DEAD;
    }
    Optional<String> status = text(state, "Status");
    if (status.isPresent()) {
      return ContainerState.fromDocker(status.get());
    }
    // Engines before API 1.21 report booleans only.
    if (state.path("Paused").asBoolean(false)) {
      return ContainerState.PAUSED;
    }
    return state.path("Running").asBoolean(false) ? ContainerState.RUNNING : ContainerState.EXITED;
  }

  private static List<NetworkAttachment> networks(JsonNode networks) {
    List<NetworkAttachment> attachments = new ArrayList<>();
    for (Map.Entry<String, JsonNode> network : networks.properties()) {
      List<InetAddress> addresses = new ArrayList<>();
      address(network.getValue(), "IPAddress").ifPresent(addresses::add);
      address(network.getValue(), "GlobalIPv6Address").ifPresent(addresses::add);
      attachments.add(
          new NetworkAttachment(
              network.getKey(),
              addresses,
              prefixLength(network.getValue(), "IPPrefixLen", 32),
              prefixLength(network.getValue(), "GlobalIPv6PrefixLen", 128)));
    }
    return attachments;
  }

  /**
   * A network's prefix length; the address alone (the narrowest block) when missing or out of
   * range.
   */
  private static int prefixLength(JsonNode network, String field, int bits) {
    int length = network.path(field).asInt(0);
    return length > 0 && length <= bits ? length : bits;
  }

  /** Published bindings: {@code {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}}. */
  private static List<PortBinding> ports(JsonNode ports) {
    List<PortBinding> bindings = new ArrayList<>();
    for (Map.Entry<String, JsonNode> port : ports.properties()) {
      // "80/tcp"; a port without a protocol is tcp, as docker run reads it.
      String[] spec = port.getKey().split("/", 2);
      Optional<Integer> containerPort = port(spec[0]);
      Optional<Protocol> protocol = Protocol.parse(spec.length > 1 ? spec[1] : "tcp");
      if (containerPort.isEmpty() || protocol.isEmpty()) {
        continue;
      }
      for (JsonNode binding : port.getValue()) { // null (exposed but not published) has none
        Optional<Integer> hostPort = port(binding.path("HostPort").asText(""));
        if (hostPort.isPresent()) {
          InetAddress hostIp = address(binding, "HostIp").orElse(ANY_IPV4);
          bindings.add(
              new PortBinding(containerPort.get(), protocol.get(), hostIp, hostPort.get()));
        }
      }
    }
    bindings.sort(PORT_ORDER);
    return bindings;
  }

  private static List<Mount> mounts(JsonNode mounts) {
    List<Mount> result = new ArrayList<>();
    for (JsonNode m : mounts) {
      Optional<String> destination = text(m, "Destination");
      if (destination.isEmpty()) {
        continue;
      }
      String source = text(m, "Source").orElse("");
      // Engines before API 1.25 do not say the type: a named mount is a volume, else a bind.
      String type =
          text(m, "Type").orElse(text(m, "Name").isPresent() ? "volume" : sourceType(source));
      result.add(new Mount(type, source, destination.get(), m.path("RW").asBoolean(true)));
    }
    return result;
  }

  private static String sourceType(String source) {
    return source.isEmpty() ? "tmpfs" : "bind";
  }

  private static Optional<InetAddress> address(JsonNode node, String field) {
    return text(node, field).flatMap(IpAddresses::parse);
  }

  private static Optional<Integer> port(String spec) {
    try {
      int port = Integer.parseInt(spec.trim());
      return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // empty, or a range such as "8000-8010", which only requests hold
    }
  }
}
