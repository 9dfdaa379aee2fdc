package io.dockerdns.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardedMapTest {

  @Test
  void behaves_like_a_hash_map_and_never_changes_a_published_map() {
    Random random = new Random(11);
    ShardedMap<String, Integer> map = ShardedMap.empty();
    Map<String, Integer> oracle = new HashMap<>();
    for (int round = 0; round < 300; round++) {
      ShardedMap<String, Integer> before = map;
      Map<String, Integer> beforeOracle = new HashMap<>(oracle);
      ShardedMap.Editor<String, Integer> edit = map.edit();
      for (int op = random.nextInt(50); op >= 0; op--) {
        // Few distinct keys in rounds of many: shards grow, shrink, refill and collide.
        String key = "k" + random.nextInt(round < 150 ? 20_000 : 300);
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
  }
}
