package io.dockerdns.sftp;

import io.dockerdns.core.concurrent.DaemonThreads;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.sshd.server.auth.AsyncAuthException;

/**
 * Password checks, bounded so that guessing cannot take the server. A check costs a few hundred
 * milliseconds of CPU by design (PBKDF2), and MINA would run it on the thread that also carries
 * other clients' handshakes and key logins: here checks run on one thread of their own, a few wait
 * at most, and a client address that gave a wrong password waits before its next check is made (0.5
 * s, doubling to 30 s; one check at a time per address). Refused checks cost nothing; key logins
 * and handshakes never wait behind them.
 */
final class PasswordChecks implements AutoCloseable {

  /** Checks that may wait for the checking thread; more are refused at once. */
  static final int WAITING = 8;

  static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  /** Addresses remembered; the least recently seen is forgotten first. */
  private static final int SOURCES = 4096;

  private final ThreadPoolExecutor checking =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(WAITING),
          DaemonThreads.factory("dockerdns-sftp-password"));
  private final LongSupplier nanoClock;
  private final Map<InetAddress, Source> sources =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Source> eldest) {
          return size() > SOURCES;
        }
      };

  PasswordChecks(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** What is known of one client address. */
  private static final class Source {
    int failures;
    long notBeforeNanos;
    boolean checking;
  }

  /**
   * Runs {@code check} in the background: MINA is told by the exception thrown, and told the result
   * when it is known. Returns false at once, without checking, when {@code source} must wait or too
   * many checks wait already.
   *
   * @throws AsyncAuthException always, when the check was taken
   */
  boolean check(InetAddress source, BooleanSupplier check) {
    if (!begin(source)) {
      return false;
    }
    AsyncAuthException pending = new AsyncAuthException();
    try {
      checking.execute(
          () -> {
            boolean matched = false;
            try {
              matched = check.getAsBoolean();
            } finally {
              end(source, matched);
              pending.setAuthed(matched);
            }
          });
    } catch (RejectedExecutionException e) {
      end(source, false);
      return false;
    }
    throw pending;
  }

  /** Whether a check from {@code source} may start now; if so, it is marked as checking. */
  synchronized boolean begin(InetAddress source) {
    Source s = sources.computeIfAbsent(source, a -> new Source());
    if (s.checking || nanoClock.getAsLong() - s.notBeforeNanos < 0) {
      return false;
    }
    s.checking = true;
    return true;
  }

  /** Records a check's result: a match forgets the address, a failure makes it wait longer. */
  synchronized void end(InetAddress source, boolean matched) {
    if (matched) {
      sources.remove(source);
      return;
    }
    Source s = sources.computeIfAbsent(source, a -> new Source());
    s.checking = false;
    s.failures++;
    long pause = FIRST_PAUSE.toNanos() << Math.min(s.failures - 1, 16);
    s.notBeforeNanos = nanoClock.getAsLong() + Math.min(pause, LONGEST_PAUSE.toNanos());
  }

  @Override
  public void close() {
    checking.shutdownNow();
  }
}
