package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.net.InetAddress;
import java.util.List;

/** One change to the indexes, applied container by container. */
final class SnapshotEdit {
  final ShardedMap.Editor<String, Container> byId;
  final ShardedMap.Editor<String, Container> byName;
  final ShardedMap.Editor<String, List<Container>> nameTwins;
  final ShardedMap.Editor<String, List<Container>> byAlias;
  final ShardedMap.Editor<String, List<Container>> byHostname;
  final ShardedMap.Editor<String, List<Container>> byImageKey;
  final ShardedMap.Editor<String, List<Container>> byComposeKey;
  final ShardedMap.Editor<InetAddress, List<Container>> byAddress;
  final ShardedMap.Editor<String, Integer> parents;

  SnapshotEdit(SnapshotIndexes from) {
    byId = from.byId().edit();
    byName = from.byName().edit();
    nameTwins = from.nameTwins().edit();
    byAlias = from.byAlias().edit();
    byHostname = from.byHostname().edit();
    byImageKey = from.byImageKey().edit();
    byComposeKey = from.byComposeKey().edit();
    byAddress = from.byAddress().edit();
    parents = from.parents().edit();
  }

  void index(Container c) {
    byId.put(c.id(), c);
    for (IndexKey key : IndexKey.allOf(c)) {
      add(key, c);
    }
  }

  void unindex(Container c) {
    byId.remove(c.id());
    for (IndexKey key : IndexKey.allOf(c)) {
      remove(key, c);
    }
  }

  /**
   * Files {@code c} in place of {@code old}, the same container as re-inspected: under a key both
   * answer to (most keys, as a restart keeps name and image), the list is copied once with the new
   * one in the old one's place, instead of once without it and again with it.
   */
  void reindex(Container old, Container c) {
    byId.put(c.id(), c);
    List<IndexKey> was = IndexKey.allOf(old);
    List<IndexKey> now = IndexKey.allOf(c);
    for (IndexKey key : was) {
      if (!now.contains(key)) {
        remove(key, old);
      }
    }
    for (IndexKey key : now) {
      if (was.contains(key)) {
        swap(key, old, c);
      } else {
        add(key, c);
      }
    }
  }

  private void add(IndexKey key, Container c) {
    switch (key.index()) {
      case NAME -> addOwner(key.name(), c);
      default -> editor(key.index()).compute(key.value(), list -> Members.add(list, c));
    }
    key.parentCounted().ifPresent(counted -> countParents(counted, +1));
  }

  private void remove(IndexKey key, Container c) {
    switch (key.index()) {
      case NAME -> removeOwner(key.name(), c);
      default -> editor(key.index()).compute(key.value(), list -> Members.remove(list, c));
    }
    key.parentCounted().ifPresent(counted -> countParents(counted, -1));
  }

  private void swap(IndexKey key, Container old, Container c) {
    switch (key.index()) {
      case NAME -> swapOwner(key.name(), old, c);
      default -> editor(key.index()).compute(key.value(), list -> Members.swap(list, old, c));
    }
  }

  private void addOwner(String name, Container c) {
    Container first = byName.get(name);
    if (first == null) {
      byName.put(name, c);
      return;
    }
    List<Container> twins = nameTwins.get(name);
    List<Container> owners = Members.add(twins == null ? Members.add(null, first) : twins, c);
    nameTwins.put(name, owners);
    byName.put(name, owners.get(0));
  }

  private void removeOwner(String name, Container c) {
    List<Container> twins = nameTwins.get(name);
    if (twins == null) {
      Container owner = byName.get(name);
      if (owner != null && owner.id().equals(c.id())) {
        byName.remove(name);
      }
      return;
    }
    List<Container> rest = Members.remove(twins, c);
    if (rest.size() == 1) {
      nameTwins.remove(name);
    } else {
      nameTwins.put(name, rest);
    }
    byName.put(name, rest.get(0));
  }

  private void swapOwner(String name, Container old, Container c) {
    Container owner = byName.get(name);
    if (nameTwins.get(name) == null
        && owner != null
        && owner.id().equals(old.id())
        && Container.BY_NAME.compare(old, c) == 0) {
      byName.put(name, c);
    } else {
      removeOwner(name, old);
      addOwner(name, c);
    }
  }

  @SuppressWarnings("unchecked") // a IndexKey holds the key type of its index
  private ShardedMap.Editor<Object, List<Container>> editor(IndexName index) {
    return (ShardedMap.Editor<Object, List<Container>>)
        (ShardedMap.Editor<?, List<Container>>)
            switch (index) {
              case ALIAS -> byAlias;
              case HOSTNAME -> byHostname;
              case IMAGE -> byImageKey;
              case COMPOSE -> byComposeKey;
              case ADDRESS -> byAddress;
              case NAME -> throw new IllegalArgumentException("names have owners, not lists");
            };
  }

  /** Counts {@code db.shop}'s parent {@code shop} (and so on up), or uncounts it. */
  private void countParents(String key, int delta) {
    for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
      parents.compute(
          key.substring(dot + 1),
          n -> {
            int count = (n == null ? 0 : n) + delta;
            return count > 0 ? count : null;
          });
    }
  }

  SnapshotIndexes done() {
    return new SnapshotIndexes(
        byId.done(),
        byName.done(),
        nameTwins.done(),
        byAlias.done(),
        byHostname.done(),
        byImageKey.done(),
        byComposeKey.done(),
        byAddress.done(),
        parents.done());
  }
}
