package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.StaticRecords;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of every running container, indexed for the naming rules. A reader holding a
 * snapshot sees one consistent state of the engine however the registry changes meanwhile.
 *
 * <p>Keys are case-insensitive: they are stored and looked up lower-cased. Every list is sorted by
 * {@link Container#BY_NAME}, so several matches come back in a stable order.
 */
public final class RegistrySnapshot {

  private static final RegistrySnapshot EMPTY =
      new RegistrySnapshot(
          SnapshotIndexes.EMPTY, Freshness.neverSynced(), Map.of(), StaticRecords.NONE, 0);

  private final SnapshotIndexes indexes;
  private final Freshness freshness;
  private final Map<String, Freshness> sources;
  private final StaticRecords records;
  private final long version;
  // Sorted on first use: most snapshots are only ever looked up by key.
  private volatile List<Container> sorted;

  private RegistrySnapshot(
      SnapshotIndexes indexes,
      Freshness freshness,
      Map<String, Freshness> sources,
      StaticRecords records,
      long version) {
    this.indexes = indexes;
    this.freshness = freshness;
    this.sources = sources;
    this.records = records;
    this.version = version;
  }

  /** The snapshot before the engine was ever read: no containers, {@code NEVER_SYNCED}. */
  public static RegistrySnapshot empty() {
    return EMPTY;
  }

  static RegistrySnapshot of(
      Collection<Container> containers,
      Freshness freshness,
      Map<String, Freshness> sources,
      StaticRecords records,
      long version) {
    return new RegistrySnapshot(
        SnapshotIndexes.EMPTY.with(containers, List.of()), freshness, sources, records, version);
  }

  /**
   * This snapshot with {@code put} applied (each replaces the container with its id, or removes it
   * when it is not up) and the ids in {@code gone} removed. Only what changed is re-indexed; the
   * rest is shared with this snapshot.
   */
  RegistrySnapshot with(Collection<Container> put, Collection<String> gone, long newVersion) {
    return new RegistrySnapshot(indexes.with(put, gone), freshness, sources, records, newVersion);
  }

  /** The same containers with other static records. */
  RegistrySnapshot withRecords(StaticRecords newRecords) {
    return new RegistrySnapshot(indexes, freshness, sources, newRecords, version + 1);
  }

  /** The same containers with another freshness: the indexes are shared, not rebuilt. */
  RegistrySnapshot withFreshness(Freshness newFreshness, Map<String, Freshness> newSources) {
    return new RegistrySnapshot(indexes, newFreshness, newSources, records, version + 1);
  }

  /** The names that are no container's ({@code --record}, hosts files). */
  public StaticRecords records() {
    return records;
  }

  /** Running containers, sorted by name. */
  public List<Container> containers() {
    List<Container> list = sorted;
    if (list == null) {
      List<Container> all = new ArrayList<>(indexes.byId().size());
      indexes.byId().forEachValue(all::add);
      all.sort(Container.BY_NAME);
      list = List.copyOf(all);
      sorted = list;
    }
    return list;
  }

  public int size() {
    return indexes.byId().size();
  }

  /** The sources' freshness together (see {@link ContainerRegistry}). */
  public Freshness freshness() {
    return freshness;
  }

  /**
   * Each source's own freshness, by name (the engine's address), in the order the sources were
   * added; empty before any source was added.
   */
  public Map<String, Freshness> sources() {
    return sources;
  }

  /** Increases with every published change; useful to tell snapshots apart cheaply. */
  public long version() {
    return version;
  }

  /** The container with exactly this full id: one map lookup, whatever the registry holds. */
  public Optional<Container> byFullId(String id) {
    return Optional.ofNullable(indexes.byId().get(lower(id)));
  }

  /**
   * The container with this full id, or whose id starts with this prefix when it is unique. A
   * prefix looks through every container (sorted on first use): for what a user types, not for each
   * event; an id from the engine is {@link #byFullId full}.
   */
  public Optional<Container> byId(String idOrPrefix) {
    String key = lower(idOrPrefix);
    Container exact = indexes.byId().get(key);
    if (exact != null || key.isEmpty()) {
      return Optional.ofNullable(exact);
    }
    List<Container> candidates =
        containers().stream().filter(c -> c.id().startsWith(key)).limit(2).toList();
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  /**
   * The container with this name; where several have it (one name on two engines), the first by
   * {@link Container#BY_NAME}: see {@link #allNamed} for all of them.
   */
  public Optional<Container> byName(String name) {
    return Optional.ofNullable(indexes.byName().get(lower(name)));
  }

  /**
   * Every container with this name: one, or several where engines followed together each have a
   * container of that name (as replicas are, they answer together). Sorted by name, then id.
   */
  public List<Container> allNamed(String name) {
    String key = lower(name);
    Container first = indexes.byName().get(key);
    if (first == null) {
      return List.of();
    }
    // Twins are rare (two engines, or one rename in a batch): no second lookup without any.
    List<Container> twins = indexes.nameTwins().size() == 0 ? null : indexes.nameTwins().get(key);
    return twins == null ? List.of(first) : twins;
  }

  public List<Container> byAlias(String alias) {
    return orEmpty(indexes.byAlias().get(lower(alias)));
  }

  public List<Container> byHostname(String hostname) {
    return orEmpty(indexes.byHostname().get(lower(hostname)));
  }

  /** Containers whose image answers to this key (see {@code ImageRef.keys()}). */
  public List<Container> byImage(String imageKey) {
    return orEmpty(indexes.byImageKey().get(lower(imageKey)));
  }

  /** Containers of a Compose service, keyed {@code SERVICE.PROJECT}. */
  public List<Container> byComposeKey(String serviceDotProject) {
    return orEmpty(indexes.byComposeKey().get(lower(serviceDotProject)));
  }

  /** Containers holding this address on any network (normally one). */
  public List<Container> byAddress(InetAddress address) {
    return orEmpty(indexes.byAddress().get(address));
  }

  /**
   * Whether a key (lower case, without the domain) is an empty non-terminal: no container answers
   * to it, but some answer to names below it ({@code shop} when {@code db.shop} exists). DNS says
   * NODATA there, not NXDOMAIN, which would deny the names below too (RFC 8020).
   */
  public boolean isNonTerminal(String key) {
    return indexes.parents().get(lower(key)) != null;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static List<Container> orEmpty(List<Container> list) {
    return list == null ? List.of() : list;
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
