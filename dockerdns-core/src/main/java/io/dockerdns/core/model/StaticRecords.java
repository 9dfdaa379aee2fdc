package io.dockerdns.core.model;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every static record, indexed both ways: by key for A and AAAA, by address for PTR. Immutable; two
 * sets are equal when they answer alike (where each record came from does not count).
 */
public final class StaticRecords {

  public static final StaticRecords NONE = new StaticRecords(List.of());

  private final List<StaticRecord> all;
  private final Map<String, List<InetAddress>> byKey;
  private final Map<InetAddress, List<String>> byAddress;
  private final Set<String> parents;
  private final Set<String> answers;

  private StaticRecords(Collection<StaticRecord> records) {
    this.all = List.copyOf(records);
    Map<String, Set<InetAddress>> keys = new HashMap<>();
    Map<InetAddress, Set<String>> addresses = new HashMap<>();
    Set<String> above = new HashSet<>();
    Set<String> pairs = new HashSet<>();
    for (StaticRecord r : all) {
      keys.computeIfAbsent(r.key(), k -> new LinkedHashSet<>()).add(r.address());
      addresses.computeIfAbsent(r.address(), a -> new TreeSet<>()).add(r.key());
      for (int dot = r.key().indexOf('.'); dot >= 0; dot = r.key().indexOf('.', dot + 1)) {
        above.add(r.key().substring(dot + 1));
      }
      pairs.add(r.key() + " " + r.address().getHostAddress());
    }
    this.byKey = new HashMap<>();
    keys.forEach((k, v) -> byKey.put(k, List.copyOf(v)));
    this.byAddress = new HashMap<>();
    addresses.forEach((a, v) -> byAddress.put(a, List.copyOf(v)));
    this.parents = Set.copyOf(above);
    this.answers = Set.copyOf(pairs);
  }

  public static StaticRecords of(Collection<StaticRecord> records) {
    return records.isEmpty() ? NONE : new StaticRecords(records);
  }

  /** These and {@code more}, as one set. */
  public StaticRecords and(Collection<StaticRecord> more) {
    List<StaticRecord> both = new ArrayList<>(all);
    both.addAll(more);
    return of(both);
  }

  /** The addresses {@code key} answers with, in the order given; empty when it is no record. */
  public List<InetAddress> addresses(String key) {
    return byKey.getOrDefault(key, List.of());
  }

  /** The keys that answer with {@code address}, sorted; what its PTR names. */
  public List<String> keysOf(InetAddress address) {
    return byAddress.getOrDefault(address, List.of());
  }

  /** Whether names exist below {@code key} ({@code shop} for a record {@code db.shop}). */
  public boolean isNonTerminal(String key) {
    return parents.contains(key);
  }

  public List<StaticRecord> all() {
    return all;
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaticRecords other && answers.equals(other.answers);
  }

  @Override
  public int hashCode() {
    return answers.hashCode();
  }

  @Override
  public String toString() {
    return all.size() + " static records";
  }
}
