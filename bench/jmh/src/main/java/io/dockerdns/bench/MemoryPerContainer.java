package io.dockerdns.bench;

import io.dockerdns.core.registry.ContainerRegistry;

/**
 * Heap used by the registry per container, and in all at 1k containers: the heap after a full GC
 * with the registry filled, minus the heap after a full GC with it empty.
 *
 * <pre>java -cp bench/jmh/target/benchmarks.jar io.dockerdns.bench.MemoryPerContainer</pre>
 */
public final class MemoryPerContainer {

  private MemoryPerContainer() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.printf(
        "%-12s %14s %16s %14s%n", "containers", "registry MiB", "bytes/container", "heap MiB");
    for (int count : new int[] {1_000, 10_000, 100_000}) {
      long before = usedAfterGc();
      ContainerRegistry registry = new ContainerRegistry();
      registry.replaceAll(SyntheticContainers.make(count));
      long after = usedAfterGc();
      System.out.printf(
          "%-12d %14.1f %16d %14.1f%n",
          count, (after - before) / 1048576.0, (after - before) / count, after / 1048576.0);
      if (registry.snapshot().size() != count) {
        throw new IllegalStateException("registry lost containers");
      }
    }
  }

  /** The heap in use after three full collections, in bytes. */
  public static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
