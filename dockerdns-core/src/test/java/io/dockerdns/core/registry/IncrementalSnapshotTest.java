package io.dockerdns.core.registry;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A snapshot changed event by event answers every lookup exactly as one built from scratch from the
 * same containers: random starts, renames, re-addressing, stops and removals, checked after each
 * batch against a full rebuild.
 */
class IncrementalSnapshotTest {

  private final Random random = new Random(7);

  @Test
  void every_lookup_matches_a_snapshot_built_from_scratch() {
    ContainerRegistry registry = new ContainerRegistry();
    Map<String, Container> running = new LinkedHashMap<>();
    for (int batch = 0; batch < 400; batch++) {
      List<Container> put = new ArrayList<>();
      List<String> gone = new ArrayList<>();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        int i = random.nextInt(40);
        String id = "id" + i;
        switch (random.nextInt(4)) {
          case 0 -> gone.add(id);
          case 1 -> put.add(randomContainer(i, ContainerState.EXITED));
          default -> put.add(randomContainer(i, ContainerState.RUNNING));
        }
      }
      gone.forEach(running::remove);
      for (Container c : put) {
        if (c.isUp()) {
          running.put(c.id(), c);
        } else {
          running.remove(c.id());
        }
      }

      registry.update(put, gone);

      assertAnswersOf(registry.snapshot(), running.values());
    }
  }

  private Container randomContainer(int i, ContainerState state) {
    String name = pick("web", "db", "cache", "db.shop", "api.shop", "x.y.z") + i % 7;
    var builder =
        container(name)
            .id("id" + i)
            .hostname(pick("host", "db.shop", "", "node") + random.nextInt(3))
            .image(pick("nginx:1.25", "busybox", "registry.example.com/team/app:v2", "redis"))
            .state(state)
            .ip("net" + random.nextInt(2), "10.0." + random.nextInt(3) + "." + random.nextInt(6));
    if (random.nextBoolean()) {
      builder.label(
          Container.ALIASES_LABEL, pick("alias", "www.site", "a,b.c") + random.nextInt(2));
    }
    if (random.nextInt(3) == 0) {
      builder.compose(pick("db", "web"), pick("shop", "blog"));
    }
    return builder.build();
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  /** Each lookup against the plain definition: a search through all running containers. */
  private static void assertAnswersOf(RegistrySnapshot snapshot, Collection<Container> running) {
    List<Container> all = running.stream().sorted(Container.BY_NAME).toList();
    assertThat(snapshot.containers()).isEqualTo(all);
    assertThat(snapshot.size()).isEqualTo(all.size());
    Set<String> keys = new HashSet<>();
    Set<String> leaves = new HashSet<>();
    Set<InetAddress> addresses = new HashSet<>();
    for (Container c : all) {
      keys.add(lower(c.name()));
      keys.add(lower(c.hostname()));
      keys.addAll(c.aliases());
      keys.addAll(c.image().keys());
      c.composeKey().map(IncrementalSnapshotTest::lower).ifPresent(keys::add);
      addresses.addAll(c.allAddresses());
      leaves.add(lower(c.name()));
      if (!c.hostname().isEmpty()) {
        leaves.add(lower(c.hostname()));
      }
      c.aliases().forEach(a -> leaves.add(lower(a)));
      c.composeKey().ifPresent(k -> leaves.add(lower(k)));
      c.image().keys().forEach(k -> leaves.add(k + ".*"));
    }
    // Keys once in use and no more must be gone.
    keys.addAll(List.of("web0", "db.shop1", "shop", "y.z", "alias0", "site", "b.c", "c", "nginx"));
    for (String key : keys) {
      assertThat(snapshot.byName(key))
          .as("byName " + key)
          .isEqualTo(all.stream().filter(c -> lower(c.name()).equals(key)).findFirst());
      assertThat(snapshot.byAlias(key))
          .as("byAlias " + key)
          .isEqualTo(all.stream().filter(c -> c.aliases().contains(key)).toList());
      assertThat(snapshot.byHostname(key))
          .as("byHostname " + key)
          .isEqualTo(
              all.stream()
                  .filter(c -> !c.hostname().isEmpty() && lower(c.hostname()).equals(key))
                  .toList());
      assertThat(snapshot.byImage(key))
          .as("byImage " + key)
          .isEqualTo(all.stream().filter(c -> c.image().keys().contains(key)).toList());
      assertThat(snapshot.byComposeKey(key))
          .as("byCompose " + key)
          .isEqualTo(
              all.stream()
                  .filter(
                      c ->
                          c.composeKey().map(IncrementalSnapshotTest::lower).orElse("").equals(key))
                  .toList());
      for (String probe : List.of(key, "shop", "y.z", "z", "site", "c", key + ".*")) {
        boolean parent = leaves.stream().anyMatch(leaf -> leaf.endsWith("." + probe));
        assertThat(snapshot.isNonTerminal(probe)).as("nonTerminal " + probe).isEqualTo(parent);
      }
    }
    for (InetAddress address : addresses) {
      assertThat(snapshot.byAddress(address))
          .as("byAddress " + address)
          .isEqualTo(all.stream().filter(c -> c.allAddresses().contains(address)).toList());
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
