package io.dockerdns.core.docker;

import io.dockerdns.core.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds a blocking call to the engine by interrupting its thread when it runs past its time. The
 * HTTP client's own response timeout covers TCP, but docker-java's Unix-socket connections ignore
 * socket timeouts: a read on a stopped daemon's socket would wait for ever. Those connections are
 * NIO channels, which an interrupt closes, so the read ends at once.
 */
final class CallDeadlines implements AutoCloseable {

  /** A call that ran past its time (whatever it threw when interrupted). */
  static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Expired(Throwable cause) {
      super(cause);
    }
  }

  private final ScheduledThreadPoolExecutor timer;

  CallDeadlines() {
    timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("dockerdns-engine-deadline"));
    timer.setRemoveOnCancelPolicy(true);
    // Idle between calls (a ping every few seconds): the thread need not stay.
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code call} on this thread; if it has not returned after {@code limit}, the thread is
   * interrupted and {@link Expired} thrown. No interrupt outlives the call.
   */
  <T> T within(Duration limit, Supplier<T> call) {
    Alarm alarm = new Alarm(Thread.currentThread());
    ScheduledFuture<?> scheduled =
        timer.schedule(alarm::ring, limit.toNanos(), TimeUnit.NANOSECONDS);
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      if (finish(alarm, scheduled)) {
        throw new Expired(e);
      }
      throw e;
    }
    if (finish(alarm, scheduled)) {
      throw new Expired(null); // it returned, but only because its thread was interrupted
    }
    return result;
  }

  /** Stops the alarm; true when it rang (the interrupt it left is cleared). */
  private static boolean finish(Alarm alarm, ScheduledFuture<?> scheduled) {
    scheduled.cancel(false);
    if (alarm.stop()) {
      Thread.interrupted();
      return true;
    }
    return false;
  }

  /** Rings once, unless the call is done: the two never cross. */
  private static final class Alarm {
    private final Thread thread;
    private boolean done;
    private boolean rang;

    Alarm(Thread thread) {
      this.thread = thread;
    }

    synchronized void ring() {
      if (!done) {
        rang = true;
        thread.interrupt();
      }
    }

    synchronized boolean stop() {
      done = true;
      return rang;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
