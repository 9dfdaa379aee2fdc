package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable view of every running container, indexed for the naming rules. A reader holding a
 * snapshot sees one consistent state of the engine however the registry changes meanwhile.
 *
 * <p>Keys are case-insensitive: they are stored and looked up lower-cased. Every list is sorted by
 * {@link Container#BY_NAME}, so several matches come back in a stable order.
 */
public final class RegistrySnapshot {

  private static final RegistrySnapshot EMPTY = of(List.of(), Freshness.neverSynced(), 0);

  private final List<Container> containers;
  private final Freshness freshness;
  private final long version;
  private final Indexes indexes;

  private RegistrySnapshot(
      List<Container> containers, Indexes indexes, Freshness freshness, long version) {
    this.containers = containers;
    this.indexes = indexes;
    this.freshness = freshness;
    this.version = version;
  }

  /** The snapshot before the engine was ever read: no containers, {@code NEVER_SYNCED}. */
  public static RegistrySnapshot empty() {
    return EMPTY;
  }

  static RegistrySnapshot of(Collection<Container> containers, Freshness freshness, long version) {
    List<Container> running =
        containers.stream().filter(Container::isUp).sorted(Container.BY_NAME).toList();
    return new RegistrySnapshot(running, new Indexes(running), freshness, version);
  }

  /** The same containers with another freshness: the indexes are shared, not rebuilt. */
  RegistrySnapshot withFreshness(Freshness newFreshness) {
    return new RegistrySnapshot(containers, indexes, newFreshness, version + 1);
  }

  /** Running containers, sorted by name. */
  public List<Container> containers() {
    return containers;
  }

  public int size() {
    return containers.size();
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
        containers.stream().filter(c -> c.id().startsWith(key)).limit(2).toList();
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  public Optional<Container> byName(String name) {
    return Optional.ofNullable(indexes.byName.get(lower(name)));
  }

  public List<Container> byAlias(String alias) {
    return indexes.byAlias.getOrDefault(lower(alias), List.of());
  }

  public List<Container> byHostname(String hostname) {
    return indexes.byHostname.getOrDefault(lower(hostname), List.of());
  }

  /** Containers whose image answers to this key (see {@code ImageRef.keys()}). */
  public List<Container> byImage(String imageKey) {
    return indexes.byImageKey.getOrDefault(lower(imageKey), List.of());
  }

  /** Containers of a Compose service, keyed {@code SERVICE.PROJECT}. */
  public List<Container> byComposeKey(String serviceDotProject) {
    return indexes.byComposeKey.getOrDefault(lower(serviceDotProject), List.of());
  }

  /** Containers holding this address on any network (normally one). */
  public List<Container> byAddress(InetAddress address) {
    return indexes.byAddress.getOrDefault(address, List.of());
  }

  /**
   * Whether a key (lower case, without the domain) is an empty non-terminal: no container answers
   * to it, but some answer to names below it ({@code shop} when {@code db.shop} exists). DNS says
   * NODATA there, not NXDOMAIN, which would deny the names below too (RFC 8020).
   */
  public boolean isNonTerminal(String key) {
    return indexes.nonTerminals.contains(lower(key));
  }

  private static void addParents(Set<String> parents, String key) {
    for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
      parents.add(key.substring(dot + 1));
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static <K> void add(Map<K, List<Container>> index, K key, Container c) {
    index.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
  }

  private static <K> Map<K, List<Container>> freeze(Map<K, List<Container>> index) {
    Map<K, List<Container>> frozen = new HashMap<>(index.size() * 2);
    index.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return frozen;
  }

  /** Lookups by every key the naming rules use; built once per set of containers. */
  private static final class Indexes {
    final Map<String, Container> byId = new HashMap<>();
    final Map<String, Container> byName = new HashMap<>();
    final Map<String, List<Container>> byAlias;
    final Map<String, List<Container>> byHostname;
    final Map<String, List<Container>> byImageKey;
    final Map<String, List<Container>> byComposeKey;
    final Map<InetAddress, List<Container>> byAddress;
    final Set<String> nonTerminals;

    Indexes(List<Container> containers) {
      Map<String, List<Container>> alias = new HashMap<>();
      Map<String, List<Container>> hostname = new HashMap<>();
      Map<String, List<Container>> image = new HashMap<>();
      Map<String, List<Container>> compose = new HashMap<>();
      Map<InetAddress, List<Container>> address = new HashMap<>();
      for (Container c : containers) {
        byId.put(c.id(), c);
        byName.put(lower(c.name()), c);
        c.aliases().forEach(a -> add(alias, lower(a), c));
        if (!c.hostname().isEmpty()) {
          add(hostname, lower(c.hostname()), c);
        }
        c.image().keys().forEach(k -> add(image, k, c));
        c.composeKey().ifPresent(k -> add(compose, lower(k), c));
        c.allAddresses().forEach(a -> add(address, a, c));
      }
      this.byAlias = freeze(alias);
      this.byHostname = freeze(hostname);
      this.byImageKey = freeze(image);
      this.byComposeKey = freeze(compose);
      this.byAddress = freeze(address);
      Set<String> parents = new HashSet<>();
      byName.keySet().forEach(k -> addParents(parents, k));
      alias.keySet().forEach(k -> addParents(parents, k));
      hostname.keySet().forEach(k -> addParents(parents, k));
      compose.keySet().forEach(k -> addParents(parents, k));
      image.keySet().forEach(k -> addParents(parents, k + ".*"));
      this.nonTerminals = Set.copyOf(parents);
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
