package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;

/**
 * Lookups by every key the naming rules use. Each is a {@link ShardedMap}: a change re-indexes only
 * the containers it touches. Several containers under one key are kept sorted by name.
 */
record SnapshotIndexes(
    ShardedMap<String, Container> byId,
    // The container with each name. Where a batch briefly gives two containers one name (one
    // taking another's), the first by name order, with all of them in nameTwins.
    ShardedMap<String, Container> byName,
    ShardedMap<String, List<Container>> nameTwins,
    ShardedMap<String, List<Container>> byAlias,
    ShardedMap<String, List<Container>> byHostname,
    ShardedMap<String, List<Container>> byImageKey,
    ShardedMap<String, List<Container>> byComposeKey,
    ShardedMap<InetAddress, List<Container>> byAddress,
    // How many keys have each name as a parent: the empty non-terminals (RFC 8020).
    ShardedMap<String, Integer> parents) {

  // The maps queries look names up in keep their keys as bytes; by id and by address do not.
  static final SnapshotIndexes EMPTY =
      new SnapshotIndexes(
          ShardedMap.empty(),
          ShardedMap.emptyOfNames(),
          ShardedMap.emptyOfNames(),
          ShardedMap.emptyOfNames(),
          ShardedMap.emptyOfNames(),
          ShardedMap.emptyOfNames(),
          ShardedMap.emptyOfNames(),
          ShardedMap.empty(),
          ShardedMap.emptyOfNames());

  SnapshotIndexes with(Collection<Container> put, Collection<String> gone) {
    SnapshotEdit edit = new SnapshotEdit(this);
    for (String id : gone) {
      Container old = edit.byId.get(id);
      if (old != null) {
        edit.unindex(old);
      }
    }
    for (Container c : put) {
      Container old = edit.byId.get(c.id());
      if (old != null && c.isUp()) {
        edit.reindex(old, c);
      } else if (old != null) {
        edit.unindex(old);
      } else if (c.isUp()) {
        edit.index(c);
      }
    }
    return edit.done();
  }
}
