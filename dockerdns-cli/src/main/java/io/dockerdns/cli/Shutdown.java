package io.dockerdns.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C and SIGTERM: runs the cleanup and ends the process with status 0, since a requested stop
 * is a success (the JVM would otherwise report 130 or 143 for the signal).
 */
final class Shutdown {

  private final CountDownLatch forever = new CountDownLatch(1);

  private Shutdown() {}

  /** From now on a stop signal runs {@code cleanup}, then exits 0. */
  static Shutdown install(Runnable cleanup) {
    Shutdown shutdown = new Shutdown();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cleanup.run();
                  } catch (RuntimeException | Error e) {
                    System.err.println("dockerdns: error while stopping: " + e);
                  } finally {
                    System.err.flush();
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                  }
                },
                "dockerdns-shutdown"));
    return shutdown;
  }

  /** Blocks until the process is stopped. */
  void await() throws InterruptedException {
    forever.await();
  }
}
