package io.dockerdns.bench;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.List;
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
 * The registry at 1k, 10k and 100k containers: a name lookup (what every DNS query does) and one
 * event applied (a container re-inspected with a new address, as after a restart).
 *
 * <pre>bench/registry.sh</pre>
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegistryBenchmark {

  @Param({"1000", "10000", "100000"})
  int containers;

  private ContainerRegistry registry;
  private RegistrySnapshot snapshot;
  private String[] names;
  private int next;
  private int generation;

  @Setup(Level.Trial)
  public void fill() {
    registry = new ContainerRegistry();
    List<Container> all = SyntheticContainers.make(containers);
    registry.replaceAll(all);
    snapshot = registry.snapshot();
    // Names in a scrambled order, so lookups do not walk memory in insertion order.
    names = new String[4096];
    for (int i = 0; i < names.length; i++) {
      names[i] = "c-" + Math.floorMod(i * 2_654_435_761L, containers);
    }
  }

  // Three forks: at 100k a lookup's time is mostly memory latency, which this shared machine's
  // neighbours move by tens of percent from one JVM to the next.
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Fork(
      value = 3,
      jvmArgs = {"-Xms1g", "-Xmx1g"})
  public Object lookupByName() {
    return snapshot.byName(names[next++ & 4095]);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public RegistrySnapshot applyOneEvent() {
    int i = Math.floorMod(next++ * 2_654_435_761L, containers);
    registry.update(List.of(SyntheticContainers.container(i, ++generation)), List.of());
    return registry.snapshot();
  }
}
