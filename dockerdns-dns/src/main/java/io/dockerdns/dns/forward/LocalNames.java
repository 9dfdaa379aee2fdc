package io.dockerdns.dns.forward;

import io.dockerdns.core.match.ReverseNames;
import io.dockerdns.core.model.Cidr;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The names that never leave the process: the own domains, and the reverse names of the container
 * networks (every address of their subnets, and the partial names inside them), so that neither a
 * container's name nor its address is ever shown to an upstream.
 */
final class LocalNames {

  private final List<Name> domains;

  /** The container networks' subnets, worked out once per registry version. */
  private volatile Subnets subnets = new Subnets(Long.MIN_VALUE, List.of());

  private record Subnets(long version, List<Cidr> blocks) {}

  LocalNames(List<Name> domains) {
    this.domains = List.copyOf(domains);
  }

  boolean isLocal(Name name, RegistrySnapshot snapshot) {
    for (Name domain : domains) {
      if (name.subdomain(domain)) {
        return true;
      }
    }
    Optional<Cidr> block = ReverseNames.toBlock(name.toString());
    if (block.isEmpty()) {
      return false;
    }
    if (block.get().isSingleAddress()
        && (!snapshot.byAddress(block.get().network()).isEmpty()
            || !snapshot.records().keysOf(block.get().network()).isEmpty())) {
      return true; // a container's address, or a static record's
    }
    for (Cidr subnet : subnetsOf(snapshot)) {
      if (subnet.contains(block.get())) {
        return true;
      }
    }
    return false;
  }

  private List<Cidr> subnetsOf(RegistrySnapshot snapshot) {
    Subnets known = subnets;
    if (known.version() != snapshot.version()) {
      Set<Cidr> blocks = new LinkedHashSet<>();
      for (Container c : snapshot.containers()) {
        for (NetworkAttachment network : c.networks()) {
          blocks.addAll(network.subnets());
        }
      }
      known = new Subnets(snapshot.version(), List.copyOf(blocks));
      subnets = known;
    }
    return known.blocks();
  }
}
