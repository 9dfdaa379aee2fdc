package io.dockerdns.bench;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolver;
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
 * What a second {@code --domain} costs a question: the resolver answering A for container names
 * (10k synthetic containers) with one domain, and with two, asked under the first and under the
 * second. Run by {@code bench/domains.sh}; the ratio against {@code one} of the same run is the
 * figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class DomainsBenchmark {

  /**
   * {@code one}: docker; {@code first}/{@code second}: docker and lan.example.com, asked under
   * each.
   */
  @Param({"one", "first", "second"})
  String setup;

  private RegistrySnapshot snapshot;
  private Resolver resolver;
  private String[] names;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(SyntheticContainers.make(10_000));
    snapshot = registry.snapshot();
    NamingConfig naming =
        setup.equals("one")
            ? NamingConfig.DEFAULT
            : NamingConfig.DEFAULT.withDomains(List.of("docker", "lan.example.com"));
    resolver = new Resolver(naming);
    String domain = setup.equals("second") ? ".lan.example.com." : ".docker.";
    names = new String[4096];
    for (int i = 0; i < names.length; i++) {
      names[i] = "c-" + Math.floorMod(i * 2_654_435_761L, 10_000) + domain;
    }
  }

  @Benchmark
  public Object resolveA() {
    return resolver.resolve(snapshot, names[next++ & 4095], QueryType.A);
  }
}
