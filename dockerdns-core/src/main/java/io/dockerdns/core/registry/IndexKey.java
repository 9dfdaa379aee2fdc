package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One place a container is filed: an index and the key under it. Filing, unfiling and refiling all
 * go through {@link #allOf}, so they cannot drift apart.
 */
record IndexKey(IndexName index, Object value) {

  static List<IndexKey> allOf(Container c) {
    List<IndexKey> keys = new ArrayList<>();
    keys.add(new IndexKey(IndexName.NAME, RegistrySnapshot.lower(c.name())));
    for (String alias : c.aliases()) {
      keys.add(new IndexKey(IndexName.ALIAS, RegistrySnapshot.lower(alias)));
    }
    if (!c.hostname().isEmpty()) {
      keys.add(new IndexKey(IndexName.HOSTNAME, RegistrySnapshot.lower(c.hostname())));
    }
    if (!c.isSwarmService()) { // its tasks are the image's containers
      for (String image : c.image().keys()) {
        keys.add(new IndexKey(IndexName.IMAGE, image));
      }
    }
    c.composeKey()
        .ifPresent(key -> keys.add(new IndexKey(IndexName.COMPOSE, RegistrySnapshot.lower(key))));
    c.composeReplicaKey()
        .ifPresent(key -> keys.add(new IndexKey(IndexName.COMPOSE, RegistrySnapshot.lower(key))));
    for (InetAddress address : c.allAddresses()) {
      keys.add(new IndexKey(IndexName.ADDRESS, address));
    }
    return keys;
  }

  String name() {
    return (String) value;
  }

  /** The name counted as a child of its parents ({@code db.shop} of {@code shop}), if any. */
  Optional<String> parentCounted() {
    return switch (index) {
      case IMAGE -> Optional.of(value + ".*");
      case ADDRESS -> Optional.empty();
      default -> Optional.of(name());
    };
  }
}
