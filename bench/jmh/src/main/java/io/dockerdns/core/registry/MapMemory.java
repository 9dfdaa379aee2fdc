package io.dockerdns.core.registry;

import io.dockerdns.bench.MemoryPerContainer;

/**
 * Heap per entry of a name index, {@link ShardedMap} against Vavr's {@code HashMap}: the heap after
 * a full GC with the map filled (keys included, one shared value) minus the heap before.
 *
 * <pre>java -cp bench/jmh/target/benchmarks.jar io.dockerdns.core.registry.MapMemory</pre>
 */
public final class MapMemory {

  private static final Object VALUE = new Object();

  private MapMemory() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.printf("%-9s %-9s %14s%n", "entries", "map", "bytes/entry");
    for (int count : new int[] {1_000, 10_000, 100_000}) {
      for (String kind : new String[] {"sharded", "vavr"}) {
        long before = MemoryPerContainer.usedAfterGc();
        Object map = fill(kind, count);
        long after = MemoryPerContainer.usedAfterGc();
        System.out.printf("%-9d %-9s %14d%n", count, kind, (after - before) / count);
        if (map.hashCode() == 42) {
          System.out.print(""); // keeps the map reachable until measured
        }
      }
    }
  }

  private static Object fill(String kind, int count) {
    if (kind.equals("sharded")) {
      ShardedMap.Editor<String, Object> editor = ShardedMap.<String, Object>emptyOfNames().edit();
      for (int i = 0; i < count; i++) {
        editor.put("c-" + i, VALUE);
      }
      return editor.done();
    }
    io.vavr.collection.HashMap<String, Object> map = io.vavr.collection.HashMap.empty();
    for (int i = 0; i < count; i++) {
      map = map.put("c-" + i, VALUE);
    }
    return map;
  }
}
