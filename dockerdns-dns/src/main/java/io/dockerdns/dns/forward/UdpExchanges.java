package io.dockerdns.dns.forward;

import io.dockerdns.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * Questions to upstreams over UDP, all waited for by one thread. Each question gets its own socket,
 * connected to its server: the kernel picks a random source port for it and drops datagrams from
 * any other address, and a server that is not listening shows at once (ICMP port unreachable)
 * instead of after a timeout. Replies that do not answer the question (another id or question,
 * garbage) are counted and dropped, and the wait goes on.
 */
final class UdpExchanges implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpExchanges.class);
  private static final int MAX_DATAGRAM = 65535;

  private final Selector selector;
  private final Thread thread;
  private final Queue<Exchange> added = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Exchange> byDeadline =
      new PriorityQueue<>(Comparator.comparingLong((Exchange e) -> e.deadline));
  private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final byte[] packet = new byte[MAX_DATAGRAM];
  private final LongAdder mismatched = new LongAdder();
  private volatile boolean closing;

  private static final class Exchange {
    final DatagramChannel channel;
    final Message sent;
    final long deadline;
    final CompletableFuture<Message> reply = new CompletableFuture<>();

    Exchange(DatagramChannel channel, Message sent, long deadline) {
      this.channel = channel;
      this.sent = sent;
      this.deadline = deadline;
    }
  }

  UdpExchanges() throws IOException {
    this.selector = Selector.open();
    this.thread = DaemonThreads.thread("dockerdns-upstream-udp", this::run);
    thread.start();
  }

  /** Replies dropped because they did not answer their question. */
  long mismatchedReplies() {
    return mismatched.sum();
  }

  /**
   * Sends {@code query} to {@code upstream} and completes with its reply, or exceptionally: with
   * {@link TimeoutException} past {@code timeoutNanos}, with {@link PortUnreachableException} when
   * nothing listens there, with the {@link IOException} of the send.
   */
  CompletableFuture<Message> exchange(Upstream upstream, Message query, long timeoutNanos) {
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.configureBlocking(false);
      channel.connect(upstream.address());
      channel.write(ByteBuffer.wrap(query.toWire()));
      Exchange exchange = new Exchange(channel, query, System.nanoTime() + timeoutNanos);
      added.add(exchange);
      selector.wakeup();
      return exchange.reply;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      return CompletableFuture.failedFuture(e);
    }
  }

  private void run() {
    while (!closing) {
      try {
        long wait = waitMillis();
        if (wait > 0) {
          selector.select(wait);
        } else {
          selector.selectNow();
        }
        for (Exchange e; (e = added.poll()) != null; ) {
          e.channel.register(selector, SelectionKey.OP_READ, e);
          byDeadline.add(e);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          read((Exchange) key.attachment());
        }
        selector.selectedKeys().clear();
        expire();
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("upstream UDP loop: {}", e.toString());
      }
    }
  }

  private long waitMillis() {
    Exchange first = byDeadline.peek();
    if (first == null) {
      return 1000; // nothing in flight: sleep until woken
    }
    long nanos = first.deadline - System.nanoTime();
    return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  /** Reads every datagram waiting; the first that answers the question completes it. */
  private void read(Exchange e) {
    try {
      while (!e.reply.isDone()) {
        in.clear();
        int length = e.channel.read(in);
        if (length <= 0) {
          return;
        }
        in.flip().get(packet, 0, length);
        var reply = UpstreamReplies.accept(packet, length, e.sent);
        if (reply.isPresent()) {
          finish(e);
          e.reply.complete(reply.get());
        } else {
          mismatched.increment();
        }
      }
    } catch (IOException ex) {
      finish(e);
      e.reply.completeExceptionally(ex); // PortUnreachableException: nothing listens there
    }
  }

  private void expire() {
    long now = System.nanoTime();
    while (!byDeadline.isEmpty()) {
      Exchange first = byDeadline.peek();
      if (first.reply.isDone()) {
        byDeadline.poll();
      } else if (first.deadline - now <= 0) {
        byDeadline.poll();
        finish(first);
        first.reply.completeExceptionally(new TimeoutException("no reply in time"));
      } else {
        return;
      }
    }
  }

  private static void finish(Exchange e) {
    closeQuietly(e.channel);
  }

  private static void closeQuietly(DatagramChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing an upstream socket failed", e);
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    selector.wakeup();
    try {
      thread.join(1000);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("closing the upstream selector failed", e);
    }
    for (Exchange e; (e = added.poll()) != null; ) {
      byDeadline.add(e);
    }
    for (Exchange e : byDeadline) {
      closeQuietly(e.channel);
      e.reply.completeExceptionally(new IOException("forwarding stopped"));
    }
  }
}
