package io.dockerdns.core.match;

import io.dockerdns.core.match.Answer.ContainerAddress;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of a container's addresses DNS answers with.
 *
 * <p>Its own addresses: those on the networks its {@code dockerdns.network} label names (none when
 * it is on none of them: its owner said where it is reachable); else on the first network of the
 * configured preference order it is on; else on every network.
 *
 * <p>Or, by the {@link AnswerMode} of the engine that reports it, the host's addresses of its
 * published ports: where the host cannot route to container addresses (rootless engines, Docker
 * Desktop), those are what reaches it.
 */
final class AddressPolicy {

  /** The network name given to published addresses in answers (the console, {@code lookup}). */
  static final String PUBLISHED = "published";

  private final List<String> preferredNetworks;
  private final AnswerMode configured;
  private final InetAddress hostAddress;
  // Filled per engine by what the engine says of itself, when the configured mode is AUTO.
  private final Map<String, AnswerMode> detected = new ConcurrentHashMap<>();

  AddressPolicy(NamingConfig config) {
    this.preferredNetworks = List.copyOf(config.preferredNetworks());
    this.configured = config.answer();
    this.hostAddress = config.hostAddress();
  }

  List<ContainerAddress> addressesOf(Container container) {
    // A swarm's ports are published on its nodes, which SRV names: its entries answer as they are.
    AnswerMode mode =
        container.labels().containsKey(Container.SWARM_KIND_LABEL)
            ? AnswerMode.CONTAINER
            : modeOf(container.source());
    if (mode != AnswerMode.CONTAINER && !container.ports().isEmpty()) {
      return published(container);
    }
    if (mode == AnswerMode.PUBLISHED) {
      return List.of();
    }
    return chosenNetworks(container).stream()
        .flatMap(
            n -> n.addresses().stream().map(a -> new ContainerAddress(container, n.network(), a)))
        .toList();
  }

  /** How containers of {@code source} are answered: as configured, or as detected for AUTO. */
  AnswerMode modeOf(String source) {
    return configured == AnswerMode.AUTO
        ? detected.getOrDefault(source, AnswerMode.CONTAINER)
        : configured;
  }

  /** Records what AUTO found for {@code source}: {@link AnswerMode#PUBLISHED} or CONTAINER. */
  void detected(String source, AnswerMode mode) {
    detected.put(source, mode);
  }

  private List<ContainerAddress> published(Container container) {
    Set<InetAddress> addresses = new LinkedHashSet<>();
    for (PortBinding b : container.ports()) {
      addresses.add(b.onAllInterfaces() ? hostAddress : b.hostIp());
    }
    List<ContainerAddress> answers = new ArrayList<>();
    addresses.forEach(a -> answers.add(new ContainerAddress(container, PUBLISHED, a)));
    return answers;
  }

  private List<NetworkAttachment> chosenNetworks(Container container) {
    if (container.labels().containsKey(Container.NETWORK_LABEL)) {
      List<String> labelled = container.networkLabel();
      if (!labelled.isEmpty()) {
        return container.networks().stream().filter(n -> labelled.contains(n.network())).toList();
      }
    }
    for (String preferred : preferredNetworks) {
      Optional<NetworkAttachment> attachment = container.network(preferred);
      if (attachment.isPresent()) {
        return List.of(attachment.get());
      }
    }
    return container.networks();
  }
}
