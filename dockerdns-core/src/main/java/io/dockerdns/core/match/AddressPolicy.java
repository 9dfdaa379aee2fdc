package io.dockerdns.core.match;

import io.dockerdns.core.match.Answer.ContainerAddress;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.NetworkAttachment;
import java.util.List;
import java.util.Optional;

/**
 * Which of a container's addresses DNS answers with: the network its {@code dockerdns.network}
 * label names; else the first configured preferred network it is on; else every network.
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
    String labelled = container.labels().get(Container.NETWORK_LABEL);
    if (labelled != null && !labelled.isBlank()) {
      return container.network(labelled.trim()).map(List::of).orElse(List.of());
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
