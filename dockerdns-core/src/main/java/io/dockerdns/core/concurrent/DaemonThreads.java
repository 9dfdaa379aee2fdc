package io.dockerdns.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for dockerdns's background work. Daemon threads, so an embedding program exits when its
 * own threads end; named {@code dockerdns-...}, so a thread dump says whose they are.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** One thread named {@code name}, not started. */
  public static Thread thread(String name, Runnable work) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Interrupts {@code thread} and waits up to {@code patience} for it to end; the caller's own
   * interrupt is kept.
   */
  public static void stop(Thread thread, java.time.Duration patience) {
    thread.interrupt();
    try {
      thread.join(patience.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A factory naming its threads {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory factory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return work -> thread(prefix + "-" + n.incrementAndGet(), work);
  }
}
