package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading the Engine API's swarm answers ({@code /nodes}, {@code /networks}, tasks' addresses and
 * ports): Docker's shapes in, our values out. {@link SwarmMapper} decides what they are named.
 */
final class SwarmJson {

  private SwarmJson() {}

  /** A swarm node: its host name's first label, its address, and whether it is ready. */
  record Node(String host, Optional<InetAddress> address, boolean ready) {}

  static String state(JsonNode task) {
    return task.path("Status").path("State").asText("");
  }

  /** The image a task spec names, without the digest {@code docker stack deploy} pins. */
  static String image(JsonNode taskSpecOrServiceSpec) {
    JsonNode containerSpec =
        taskSpecOrServiceSpec.has("ContainerSpec")
            ? taskSpecOrServiceSpec.path("ContainerSpec")
            : taskSpecOrServiceSpec.path("TaskTemplate").path("ContainerSpec");
    String image = containerSpec.path("Image").asText("unknown");
    return image.isBlank() ? "unknown" : image;
  }

  static Optional<PortBinding> binding(JsonNode port, InetAddress nodeAddress) {
    Optional<Protocol> protocol = Protocol.parse(port.path("Protocol").asText("tcp"));
    int target = port.path("TargetPort").asInt(0);
    int published = port.path("PublishedPort").asInt(0);
    if (protocol.isEmpty() || target < 1 || target > 65535 || published < 1 || published > 65535) {
      return Optional.empty();
    }
    return Optional.of(new PortBinding(target, protocol.get(), nodeAddress, published));
  }

  /** An attachment from addresses written {@code 10.0.1.3/24}; empty when none can be read. */
  static Optional<NetworkAttachment> attachment(String network, List<String> cidrs) {
    List<InetAddress> addresses = new ArrayList<>();
    int v4Prefix = 32;
    int v6Prefix = 128;
    for (String cidr : cidrs) {
      String[] parts = cidr.split("/", 2);
      Optional<InetAddress> address = IpAddresses.parse(parts[0]);
      if (address.isEmpty()) {
        continue;
      }
      addresses.add(address.get());
      int prefix =
          parts.length == 2 && parts[1].matches("\\d{1,3}") ? Integer.parseInt(parts[1]) : -1;
      if (address.get() instanceof Inet4Address && prefix >= 0 && prefix <= 32) {
        v4Prefix = prefix;
      } else if (!(address.get() instanceof Inet4Address) && prefix >= 0 && prefix <= 128) {
        v6Prefix = prefix;
      }
    }
    return addresses.isEmpty()
        ? Optional.empty()
        : Optional.of(new NetworkAttachment(network, addresses, v4Prefix, v6Prefix));
  }

  /** The swarm's nodes by id: host name (its first label), address, and whether it is ready. */
  static Map<String, Node> nodes(JsonNode nodes) {
    Map<String, Node> byId = new LinkedHashMap<>(); // the manager's order: SRV answers keep it
    for (JsonNode node : nodes) {
      String host = node.path("Description").path("Hostname").asText("").split("\\.", 2)[0];
      Optional<InetAddress> address =
          IpAddresses.parse(node.path("Status").path("Addr").asText(""))
              .filter(a -> !a.isAnyLocalAddress())
              // A manager may report 0.0.0.0 as its own address; its raft address is the real one.
              .or(() -> managerAddress(node));
      boolean ready = "ready".equals(node.path("Status").path("State").asText(""));
      byId.put(node.path("ID").asText(""), new Node(host, address, ready));
    }
    return byId;
  }

  static Optional<InetAddress> managerAddress(JsonNode node) {
    String addr = node.path("ManagerStatus").path("Addr").asText("");
    int colon = addr.lastIndexOf(':');
    return colon > 0 ? IpAddresses.parse(addr.substring(0, colon)) : Optional.empty();
  }

  /** Network names by id, the routing mesh's ingress network left out. */
  static Map<String, String> networkNames(JsonNode networks) {
    Map<String, String> names = new HashMap<>();
    for (JsonNode network : networks) {
      if (!network.path("Ingress").asBoolean(false)) {
        names.put(network.path("Id").asText(""), network.path("Name").asText(""));
      }
    }
    return names;
  }
}
