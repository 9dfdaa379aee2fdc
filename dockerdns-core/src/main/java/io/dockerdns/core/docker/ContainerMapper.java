package io.dockerdns.core.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns docker-java's inspect result into our {@link Container}. Docker's types stop here; what
 * leaves is our immutable model. Environment variables are never read.
 */
final class ContainerMapper {

  private static final InetAddress ANY_IPV4 = IpAddresses.require("0.0.0.0", "wildcard");

  private ContainerMapper() {}

  static Container toContainer(InspectContainerResponse inspect) {
    ContainerConfig config = inspect.getConfig();
    String image =
        config != null && notBlank(config.getImage()) ? config.getImage() : imageId(inspect);
    return new Container(
        inspect.getId(),
        inspect.getName(),
        config != null && config.getHostName() != null ? config.getHostName() : "",
        new ImageRef(image),
        config != null && config.getLabels() != null ? config.getLabels() : Map.of(),
        networks(inspect.getNetworkSettings()),
        ports(inspect.getNetworkSettings()),
        mounts(inspect.getMounts()),
        state(inspect.getState()));
  }

  private static String imageId(InspectContainerResponse inspect) {
    return notBlank(inspect.getImageId()) ? inspect.getImageId() : "unknown";
  }

  private static ContainerState state(InspectContainerResponse.ContainerState state) {
    if (state == null) {
      return ContainerState.DEAD;
    }
    if (notBlank(state.getStatus())) {
      return ContainerState.fromDocker(state.getStatus());
    }
    // Engines before API 1.21 report booleans only.
    if (Boolean.TRUE.equals(state.getPaused())) {
      return ContainerState.PAUSED;
    }
    return Boolean.TRUE.equals(state.getRunning()) ? ContainerState.RUNNING : ContainerState.EXITED;
  }

  private static List<NetworkAttachment> networks(NetworkSettings settings) {
    if (settings == null || settings.getNetworks() == null) {
      return List.of();
    }
    List<NetworkAttachment> attachments = new ArrayList<>();
    for (Map.Entry<String, ContainerNetwork> e : settings.getNetworks().entrySet()) {
      List<InetAddress> addresses = new ArrayList<>();
      ContainerNetwork network = e.getValue();
      address(network.getIpAddress()).ifPresent(addresses::add);
      address(network.getGlobalIPv6Address()).ifPresent(addresses::add);
      attachments.add(new NetworkAttachment(e.getKey(), addresses));
    }
    return attachments;
  }

  private static List<PortBinding> ports(NetworkSettings settings) {
    if (settings == null || settings.getPorts() == null) {
      return List.of();
    }
    List<PortBinding> bindings = new ArrayList<>();
    for (Map.Entry<ExposedPort, Ports.Binding[]> e : settings.getPorts().getBindings().entrySet()) {
      if (e.getValue() == null) {
        continue; // exposed but not published
      }
      ExposedPort exposed = e.getKey();
      Optional<Protocol> protocol = Protocol.parse(exposed.getProtocol().toString());
      for (Ports.Binding binding : e.getValue()) {
        Optional<Integer> hostPort = port(binding.getHostPortSpec());
        if (protocol.isPresent() && hostPort.isPresent()) {
          InetAddress hostIp = address(binding.getHostIp()).orElse(ANY_IPV4);
          bindings.add(new PortBinding(exposed.getPort(), protocol.get(), hostIp, hostPort.get()));
        }
      }
    }
    bindings.sort(
        java.util.Comparator.comparingInt(PortBinding::containerPort)
            .thenComparing(PortBinding::protocol)
            .thenComparingInt(PortBinding::hostPort));
    return bindings;
  }

  private static List<Mount> mounts(List<InspectContainerResponse.Mount> mounts) {
    if (mounts == null) {
      return List.of();
    }
    List<Mount> result = new ArrayList<>();
    for (InspectContainerResponse.Mount m : mounts) {
      if (m.getDestination() == null || m.getDestination().getPath() == null) {
        continue;
      }
      String source = m.getSource() == null ? "" : m.getSource();
      // docker-java does not expose the mount Type; a named mount is a volume, a sourceless one
      // tmpfs.
      String type = notBlank(m.getName()) ? "volume" : source.isEmpty() ? "tmpfs" : "bind";
      result.add(
          new Mount(type, source, m.getDestination().getPath(), !Boolean.FALSE.equals(m.getRW())));
    }
    return result;
  }

  private static Optional<InetAddress> address(String text) {
    return notBlank(text) ? IpAddresses.parse(text) : Optional.empty();
  }

  private static Optional<Integer> port(String spec) {
    if (!notBlank(spec)) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(spec.trim());
      return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // a range spec such as "8000-8010" only appears in requests
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
