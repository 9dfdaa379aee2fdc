package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One published change: the snapshot before and the snapshot after. The differences are worked out
 * on demand, so listeners that only need {@link #current()} pay nothing for them.
 *
 * @param previous the snapshot replaced
 * @param current the snapshot now published
 */
public record RegistryChange(RegistrySnapshot previous, RegistrySnapshot current) {

  public RegistryChange {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
  }

  /** Containers in {@code current} whose id was not in {@code previous}. */
  public List<Container> added() {
    Map<String, Container> before = byId(previous);
    return current.containers().stream().filter(c -> !before.containsKey(c.id())).toList();
  }

  /** Containers in {@code previous} whose id is not in {@code current}. */
  public List<Container> removed() {
    Map<String, Container> after = byId(current);
    return previous.containers().stream().filter(c -> !after.containsKey(c.id())).toList();
  }

  /** Containers in both whose details differ (renamed, new addresses, ...), as they are now. */
  public List<Container> changed() {
    Map<String, Container> before = byId(previous);
    return current.containers().stream()
        .filter(c -> before.containsKey(c.id()) && !before.get(c.id()).equals(c))
        .toList();
  }

  private static Map<String, Container> byId(RegistrySnapshot snapshot) {
    return snapshot.containers().stream()
        .collect(Collectors.toMap(Container::id, Function.identity()));
  }
}
