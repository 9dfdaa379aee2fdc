package io.dockerdns.core.registry;

import io.dockerdns.bench.SyntheticContainers;
import io.dockerdns.core.model.Container;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Does the registry's own persistent map earn its place? {@link ShardedMap} (with its keys kept as
 * bytes) against Vavr's {@code HashMap}, a maintained hash array mapped trie, on what the registry
 * asks of its name index: a lookup by name (every DNS query), and the puts one event makes (a
 * re-inspected container is refiled under ~8 keys). Same keys, same query strings, same values.
 *
 * <pre>bench/maps.sh</pre>
 */
@State(Scope.Benchmark)
@Fork(
    value = 2,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MapBenchmark {

  /** Puts per event: the keys a re-inspected container is filed under. */
  private static final int KEYS_PER_EVENT = 8;

  @Param({"1000", "10000", "100000"})
  int containers;

  @Param({"sharded", "vavr"})
  String map;

  private ShardedMap<String, Container> sharded;
  private io.vavr.collection.HashMap<String, Container> vavr;
  private Container[] values;
  private String[] queries;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    values = SyntheticContainers.make(containers).toArray(Container[]::new);
    ShardedMap.Editor<String, Container> editor =
        ShardedMap.<String, Container>emptyOfNames().edit();
    io.vavr.collection.HashMap<String, Container> trie = io.vavr.collection.HashMap.empty();
    for (Container c : values) {
      editor.put(c.name(), c);
      trie = trie.put(c.name(), c);
    }
    sharded = editor.done();
    vavr = trie;
    // New strings, scrambled: a query's name is never the stored key's own object.
    queries = new String[4096];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = new String("c-" + Math.floorMod(i * 2_654_435_761L, containers));
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Container lookup() {
    String name = queries[next++ & 4095];
    return map.equals("sharded") ? sharded.get(name) : vavr.getOrElse(name, null);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object applyOneEvent() {
    int first = Math.floorMod(next++ * 2_654_435_761L, containers);
    if (map.equals("sharded")) {
      ShardedMap.Editor<String, Container> editor = sharded.edit();
      for (int k = 0; k < KEYS_PER_EVENT; k++) {
        Container c = values[(first + k) % containers];
        editor.put(c.name(), c);
      }
      sharded = editor.done();
      return sharded;
    }
    for (int k = 0; k < KEYS_PER_EVENT; k++) {
      Container c = values[(first + k) % containers];
      vavr = vavr.put(c.name(), c);
    }
    return vavr;
  }
}
