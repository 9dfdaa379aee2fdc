package io.dockerdns.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardedMapTest {

  private static final String[] KEY_STARTS = {"k", "café-", "ключ-"};

  @ParameterizedTest(name = "keys as bytes: {0}")
  @ValueSource(booleans = {false, true})
  void behaves_like_a_hash_map_and_never_changes_a_published_map(boolean keysAsBytes) {
    Random random = new Random(11);
    ShardedMap<String, Integer> map = keysAsBytes ? ShardedMap.emptyOfNames() : ShardedMap.empty();
    Map<String, Integer> oracle = new HashMap<>();
    for (int round = 0; round < 300; round++) {
      ShardedMap<String, Integer> before = map;
      Map<String, Integer> beforeOracle = new HashMap<>(oracle);
      ShardedMap.Editor<String, Integer> edit = map.edit();
      for (int op = random.nextInt(50); op >= 0; op--) {
        // Few distinct keys in rounds of many: shards grow, shrink, refill and collide. ASCII,
        // other Latin-1 and wider characters: a map of names keeps the first two as bytes.
        String key =
            KEY_STARTS[random.nextInt(KEY_STARTS.length)]
                + random.nextInt(round < 150 ? 20_000 : 300);
        if (random.nextInt(3) == 0) {
          edit.remove(key);
          oracle.remove(key);
        } else {
          edit.put(key, round);
          oracle.put(key, round);
        }
      }
      map = edit.done();

      assertSame(map, oracle);
      assertSame(before, beforeOracle);
    }
  }

  private static void assertSame(ShardedMap<String, Integer> map, Map<String, Integer> oracle) {
    assertThat(map.size()).isEqualTo(oracle.size());
    Map<String, Integer> seen = new HashMap<>();
    map.forEach(seen::put);
    assertThat(seen).isEqualTo(oracle);
    oracle.forEach((k, v) -> assertThat(map.get(k)).as(k).isEqualTo(v));
    assertThat(map.get("absent")).isNull();
    assertThat(map.get("K1")).as("keys are case-sensitive").isNull();
  }
}
