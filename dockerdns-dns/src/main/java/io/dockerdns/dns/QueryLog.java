package io.dockerdns.dns;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.IpAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One log line per question answered ({@code --log-queries}): the client, the transport, the name
 * and type, the rcode, the time taken and where the answer came from. Logging never holds up an
 * answer: the answering thread copies the query and hands it over; a thread of its own decodes and
 * writes it. At most {@value #LINES_PER_SECOND} lines a second and {@value #QUEUED} waiting; what
 * is past either is counted and said in one line a second, so a flood cannot fill a disk or slow
 * the server.
 */
final class QueryLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QueryLog.class);

  static final int LINES_PER_SECOND = 1000;
  static final int QUEUED = 4096;

  /** Where an answer came from. */
  enum Source {
    /** Made now from the registry (or the server's own rules: an error, REFUSED). */
    REGISTRY,
    /** A reply kept from before: the registry's, or a forwarded one still fresh. */
    CACHE,
    /** The upstream servers (through the forwarder and its cache). */
    UPSTREAM;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One question, from its arrival to its reply. */
  static class Entry {
    /** For a server that does not log: it keeps nothing. */
    static final Entry UNLOGGED = new Entry(null, null, null, null, 0);

    private final QueryLog log;
    private final byte[] query;
    private final Transport transport;
    private final InetAddress client;
    private final long startNanos;
    private volatile Source source = Source.REGISTRY;

    private Entry(
        QueryLog log, byte[] query, Transport transport, InetAddress client, long startNanos) {
      this.log = log;
      this.query = query;
      this.transport = transport;
      this.client = client;
      this.startNanos = startNanos;
    }

    /** The answer comes from {@code from}, not the registry. */
    void from(Source from) {
      if (log != null) { // the shared UNLOGGED entry is written by no thread
        this.source = from;
      }
    }

    /** The reply went out: the line is handed over, never waited for. */
    void answered(byte[] reply) {
      if (log != null) {
        log.offer(new Line(this, reply.length > 3 ? reply[3] & 0xF : -1, log.clock.getAsLong()));
      }
    }
  }

  private record Line(Entry entry, int rcode, long endNanos) {}

  private final LongSupplier clock;
  private final Consumer<String> lines;
  private final Consumer<String> warnings;
  private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUED);
  private final AtomicLong overflowed = new AtomicLong();
  private final Thread writer;

  QueryLog(LongSupplier clock) {
    this(clock, LOG::info, LOG::warn);
  }

  /** A log writing its lines and its warnings where a test can read them. */
  QueryLog(LongSupplier clock, Consumer<String> lines, Consumer<String> warnings) {
    this.clock = clock;
    this.lines = lines;
    this.warnings = warnings;
    this.writer = DaemonThreads.thread("dockerdns-query-log", this::write);
    writer.start();
  }

  /** A question that arrived now; the packet is copied (its buffer is used again). */
  Entry start(byte[] packet, int length, Transport transport, InetAddress client) {
    return new Entry(this, Arrays.copyOf(packet, length), transport, client, clock.getAsLong());
  }

  private void offer(Line line) {
    if (!queue.offer(line)) {
      overflowed.incrementAndGet();
    }
  }

  private void write() {
    long second = System.nanoTime();
    int written = 0;
    long heldBack = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Line line = queue.poll(1, TimeUnit.SECONDS);
        long now = System.nanoTime();
        if (now - second >= Duration.ofSeconds(1).toNanos()) {
          long lost = heldBack + overflowed.getAndSet(0);
          if (lost > 0) {
            warnings.accept(
                lost + " queries not logged: more than " + LINES_PER_SECOND + " a second");
          }
          second = now;
          written = 0;
          heldBack = 0;
        }
        if (line == null) {
          continue;
        }
        if (written < LINES_PER_SECOND) {
          lines.accept(text(line));
          written++;
        } else {
          heldBack++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed
    }
  }

  /** {@code 127.0.0.1 udp web.docker. A NOERROR 0.21 ms registry} */
  static String text(Line line) {
    Entry e = line.entry();
    String question = "? ?";
    try {
      Record q = new Message(e.query).getQuestion();
      if (q != null) {
        question = q.getName() + " " + Type.string(q.getType());
      }
    } catch (IOException | RuntimeException unreadable) {
      question = "(unreadable) -";
    }
    double millis = (line.endNanos() - e.startNanos) / 1e6;
    return (e.client == null ? "local" : IpAddresses.format(e.client))
        + " "
        + e.transport.name().toLowerCase(Locale.ROOT)
        + " "
        + question
        + " "
        + (line.rcode() < 0 ? "-" : Rcode.string(line.rcode()))
        + " "
        + String.format(Locale.ROOT, "%.2f", millis)
        + " ms "
        + e.source.word();
  }

  @Override
  public void close() {
    DaemonThreads.stop(writer, Duration.ofSeconds(1));
  }
}
