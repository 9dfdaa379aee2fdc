package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.net.InetAddress;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * An immutable view of every running container, indexed for the naming rules. A reader holding a
 * snapshot sees one consistent state of the engine however the registry changes meanwhile.
 *
 * <p>Keys are case-insensitive: they are stored and looked up lower-cased. Every list is sorted by
 * {@link Container#BY_NAME}, so several matches come back in a stable order.
 */
public final class RegistrySnapshot {

  private static final RegistrySnapshot EMPTY =
      new RegistrySnapshot(Indexes.EMPTY, Freshness.neverSynced(), 0);

  private final Indexes indexes;
  private final Freshness freshness;
  private final long version;
  // Sorted on first use: most snapshots are only ever looked up by key.
  private volatile List<Container> sorted;

  private RegistrySnapshot(Indexes indexes, Freshness freshness, long version) {
    this.indexes = indexes;
    this.freshness = freshness;
    this.version = version;
  }

  /** The snapshot before the engine was ever read: no containers, {@code NEVER_SYNCED}. */
  public static RegistrySnapshot empty() {
    return EMPTY;
  }

  static RegistrySnapshot of(Collection<Container> containers, Freshness freshness, long version) {
    return new RegistrySnapshot(Indexes.EMPTY.with(containers, List.of()), freshness, version);
  }

  /**
   * This snapshot with {@code put} applied (each replaces the container with its id, or removes it
   * when it is not up) and the ids in {@code gone} removed. Only what changed is re-indexed; the
   * rest is shared with this snapshot.
   */
  RegistrySnapshot with(Collection<Container> put, Collection<String> gone, long newVersion) {
    return new RegistrySnapshot(indexes.with(put, gone), freshness, newVersion);
  }

  /** The same containers with another freshness: the indexes are shared, not rebuilt. */
  RegistrySnapshot withFreshness(Freshness newFreshness) {
    return new RegistrySnapshot(indexes, newFreshness, version + 1);
  }

  /** Running containers, sorted by name. */
  public List<Container> containers() {
    List<Container> list = sorted;
    if (list == null) {
      List<Container> all = new ArrayList<>(indexes.byId.size());
      indexes.byId.forEachValue(all::add);
      all.sort(Container.BY_NAME);
      list = List.copyOf(all);
      sorted = list;
    }
    return list;
  }

  public int size() {
    return indexes.byId.size();
  }

  public Freshness freshness() {
    return freshness;
  }

  /** Increases with every published change; useful to tell snapshots apart cheaply. */
  public long version() {
    return version;
  }

  /** The container with this full id, or whose id starts with this prefix when it is unique. */
  public Optional<Container> byId(String idOrPrefix) {
    String key = lower(idOrPrefix);
    Container exact = indexes.byId.get(key);
    if (exact != null || key.isEmpty()) {
      return Optional.ofNullable(exact);
    }
    List<Container> candidates =
        containers().stream().filter(c -> c.id().startsWith(key)).limit(2).toList();
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  public Optional<Container> byName(String name) {
    return Optional.ofNullable(indexes.byName.get(lower(name)));
  }

  public List<Container> byAlias(String alias) {
    return orEmpty(indexes.byAlias.get(lower(alias)));
  }

  public List<Container> byHostname(String hostname) {
    return orEmpty(indexes.byHostname.get(lower(hostname)));
  }

  /** Containers whose image answers to this key (see {@code ImageRef.keys()}). */
  public List<Container> byImage(String imageKey) {
    return orEmpty(indexes.byImageKey.get(lower(imageKey)));
  }

  /** Containers of a Compose service, keyed {@code SERVICE.PROJECT}. */
  public List<Container> byComposeKey(String serviceDotProject) {
    return orEmpty(indexes.byComposeKey.get(lower(serviceDotProject)));
  }

  /** Containers holding this address on any network (normally one). */
  public List<Container> byAddress(InetAddress address) {
    return orEmpty(indexes.byAddress.get(address));
  }

  /**
   * Whether a key (lower case, without the domain) is an empty non-terminal: no container answers
   * to it, but some answer to names below it ({@code shop} when {@code db.shop} exists). DNS says
   * NODATA there, not NXDOMAIN, which would deny the names below too (RFC 8020).
   */
  public boolean isNonTerminal(String key) {
    return indexes.parents.get(lower(key)) != null;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static List<Container> orEmpty(List<Container> list) {
    return list == null ? List.of() : list;
  }

  /**
   * Lookups by every key the naming rules use. Each is a {@link ShardedMap}: a change re-indexes
   * only the containers it touches. Several containers under one key are kept sorted by name.
   */
  private record Indexes(
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
    static final Indexes EMPTY =
        new Indexes(
            ShardedMap.empty(),
            ShardedMap.emptyOfNames(),
            ShardedMap.emptyOfNames(),
            ShardedMap.emptyOfNames(),
            ShardedMap.emptyOfNames(),
            ShardedMap.emptyOfNames(),
            ShardedMap.emptyOfNames(),
            ShardedMap.empty(),
            ShardedMap.emptyOfNames());

    Indexes with(Collection<Container> put, Collection<String> gone) {
      Edit edit = new Edit(this);
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

  /** One change to the indexes, applied container by container. */
  private static final class Edit {
    final ShardedMap.Editor<String, Container> byId;
    final ShardedMap.Editor<String, Container> byName;
    final ShardedMap.Editor<String, List<Container>> nameTwins;
    final ShardedMap.Editor<String, List<Container>> byAlias;
    final ShardedMap.Editor<String, List<Container>> byHostname;
    final ShardedMap.Editor<String, List<Container>> byImageKey;
    final ShardedMap.Editor<String, List<Container>> byComposeKey;
    final ShardedMap.Editor<InetAddress, List<Container>> byAddress;
    final ShardedMap.Editor<String, Integer> parents;

    Edit(Indexes from) {
      byId = from.byId.edit();
      byName = from.byName.edit();
      nameTwins = from.nameTwins.edit();
      byAlias = from.byAlias.edit();
      byHostname = from.byHostname.edit();
      byImageKey = from.byImageKey.edit();
      byComposeKey = from.byComposeKey.edit();
      byAddress = from.byAddress.edit();
      parents = from.parents.edit();
    }

    void index(Container c) {
      byId.put(c.id(), c);
      for (Key key : Key.allOf(c)) {
        add(key, c);
      }
    }

    void unindex(Container c) {
      byId.remove(c.id());
      for (Key key : Key.allOf(c)) {
        remove(key, c);
      }
    }

    /**
     * Files {@code c} in place of {@code old}, the same container as re-inspected: under a key both
     * answer to (most keys, as a restart keeps name and image), the list is copied once with the
     * new one in the old one's place, instead of once without it and again with it.
     */
    void reindex(Container old, Container c) {
      byId.put(c.id(), c);
      List<Key> was = Key.allOf(old);
      List<Key> now = Key.allOf(c);
      for (Key key : was) {
        if (!now.contains(key)) {
          remove(key, old);
        }
      }
      for (Key key : now) {
        if (was.contains(key)) {
          swap(key, old, c);
        } else {
          add(key, c);
        }
      }
    }

    private void add(Key key, Container c) {
      switch (key.index()) {
        case NAME -> addOwner(key.name(), c);
        default -> editor(key.index()).compute(key.value(), list -> Members.add(list, c));
      }
      key.parentCounted().ifPresent(counted -> countParents(counted, +1));
    }

    private void remove(Key key, Container c) {
      switch (key.index()) {
        case NAME -> removeOwner(key.name(), c);
        default -> editor(key.index()).compute(key.value(), list -> Members.remove(list, c));
      }
      key.parentCounted().ifPresent(counted -> countParents(counted, -1));
    }

    private void swap(Key key, Container old, Container c) {
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

    @SuppressWarnings("unchecked") // a Key holds the key type of its index
    private ShardedMap.Editor<Object, List<Container>> editor(Index index) {
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

    Indexes done() {
      return new Indexes(
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

  /** The indexes a container is filed in, apart from the one by id. */
  private enum Index {
    NAME,
    ALIAS,
    HOSTNAME,
    IMAGE,
    COMPOSE,
    ADDRESS
  }

  /**
   * One place a container is filed: an index and the key under it. Filing, unfiling and refiling
   * all go through {@link #allOf}, so they cannot drift apart.
   */
  private record Key(Index index, Object value) {

    static List<Key> allOf(Container c) {
      List<Key> keys = new ArrayList<>();
      keys.add(new Key(Index.NAME, lower(c.name())));
      for (String alias : c.aliases()) {
        keys.add(new Key(Index.ALIAS, lower(alias)));
      }
      if (!c.hostname().isEmpty()) {
        keys.add(new Key(Index.HOSTNAME, lower(c.hostname())));
      }
      for (String image : c.image().keys()) {
        keys.add(new Key(Index.IMAGE, image));
      }
      c.composeKey().ifPresent(key -> keys.add(new Key(Index.COMPOSE, lower(key))));
      for (InetAddress address : c.allAddresses()) {
        keys.add(new Key(Index.ADDRESS, address));
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

  /**
   * The containers under one key: an immutable list sorted by name. A change copies the array (one
   * memory copy, found by binary search), which keeps even a key with thousands of members, such as
   * a popular image, to microseconds per event.
   */
  private static final class Members extends AbstractList<Container> implements RandomAccess {
    private final Container[] items;

    private Members(Container[] items) {
      this.items = items;
    }

    @Override
    public Container get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }

    /**
     * The list with {@code c} in place of {@code old}: one copy when it sorts where {@code old} was
     * (the same name), else {@code old} removed and {@code c} added.
     */
    static List<Container> swap(List<Container> list, Container old, Container c) {
      if (list != null && Container.BY_NAME.compare(old, c) == 0) {
        Container[] items = ((Members) list).items;
        int at = indexOf(items, old);
        if (at >= 0) {
          Container[] next = items.clone();
          next[at] = c;
          return new Members(next);
        }
      }
      return add(remove(list, old), c);
    }

    static List<Container> add(List<Container> list, Container c) {
      if (list == null) {
        return new Members(new Container[] {c});
      }
      Container[] items = ((Members) list).items;
      int at = Arrays.binarySearch(items, c, Container.BY_NAME);
      int insert = at < 0 ? -at - 1 : at;
      Container[] next = new Container[items.length + 1];
      System.arraycopy(items, 0, next, 0, insert);
      next[insert] = c;
      System.arraycopy(items, insert, next, insert + 1, items.length - insert);
      return new Members(next);
    }

    static List<Container> remove(List<Container> list, Container c) {
      if (list == null) {
        return null;
      }
      Container[] items = ((Members) list).items;
      int at = indexOf(items, c);
      if (at < 0) {
        return list;
      }
      if (items.length == 1) {
        return null;
      }
      Container[] next = new Container[items.length - 1];
      System.arraycopy(items, 0, next, 0, at);
      System.arraycopy(items, at + 1, next, at, items.length - at - 1);
      return new Members(next);
    }

    /** Where {@code c} is; name and id order the members, so a binary search finds it. */
    private static int indexOf(Container[] items, Container c) {
      int at = Arrays.binarySearch(items, c, Container.BY_NAME);
      if (at >= 0) {
        return at;
      }
      for (int i = 0; i < items.length; i++) { // indexed under another name: look for its id
        if (items[i].id().equals(c.id())) {
          return i;
        }
      }
      return -1;
    }
  }

  @Override
  public String toString() {
    return "RegistrySnapshot["
        + size()
        + " containers, "
        + freshness.state()
        + ", v"
        + version
        + "]";
  }
}
