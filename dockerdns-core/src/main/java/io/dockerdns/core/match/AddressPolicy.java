package io.dockerdns.core.match;

import io.dockerdns.core.match.Answer.ContainerAddress;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.NetworkAttachment;
import java.util.List;
import java.util.Optional;

/**
 * Which of a container's addresses DNS answers with: those on the networks its {@code
 * dockerdns.network} label names (none when it is on none of them: its owner said where it is
 * reachable); else on the first network of the configured preference order it is on; else on every
 * network.
 */
final class AddressPolicy {

  private final List<String> preferredNetworks;

  AddressPolicy(List<String> preferredNetworks) {
    this.preferredNetworks = List.copyOf(preferredNetworks);
  }

  List<ContainerAddress> addressesOf(Container container) {
    return chosenNetworks(container).stream()
        .flatMap(
            n -> n.addresses().stream().map(a -> new ContainerAddress(container, n.network(), a)))
        .toList();
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
