package io.dockerdns.dns;

import io.dockerdns.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over UDP with the JDK's channels, one datagram per system call: a few worker threads
 * share one channel, each receiving a datagram, answering it and sending the reply, with no
 * hand-off between threads. Per query nearly all the time is the kernel's (docs/performance.md): a
 * batched path (Netty's epoll transport, {@code recvmmsg}/{@code sendmmsg}) was tried and cost more
 * CPU per query, so this is the one path. Policies (rate limiting, who may recurse) live in the
 * handler.
 */
final class UdpListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
  private static final int MAX_DATAGRAM = 65535;
  private static final int RECEIVE_BUFFER = 4 << 20;
  private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

  private final DatagramChannel channel;
  private final SafeHandler handler;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closing;

  UdpListener(DatagramChannel channel, SafeHandler handler, int workerCount) {
    this.channel = channel;
    this.handler = handler;
    for (int i = 0; i < workerCount; i++) {
      workers.add(DaemonThreads.thread("dockerdns-udp-" + i, this::serve));
    }
  }

  /** A channel bound to {@code address}, with a receive buffer a burst fits in. */
  static DatagramChannel bind(InetSocketAddress address) throws IOException {
    DatagramChannel channel =
        DatagramChannel.open(
            address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
    try {
      // A burst must wait in the kernel, not be dropped: ask for a large receive buffer (the
      // kernel caps it at net.core.rmem_max).
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
      channel.bind(address);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** Starts receiving. */
  void start() {
    workers.forEach(Thread::start);
  }

  /** Where it listens (the chosen port when configured as 0). */
  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void serve() {
    // Direct buffers: the channel reads and writes them without copying through a temporary one.
    ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    byte[] packet = new byte[MAX_DATAGRAM];
    while (!closing) {
      try {
        in.clear();
        SocketAddress client = channel.receive(in);
        if (client == null) {
          continue;
        }
        int length = in.flip().remaining();
        in.get(packet, 0, length);
        InetAddress from = ((InetSocketAddress) client).getAddress();
        Optional<byte[]> reply =
            handler.handle(packet, length, Transport.UDP, from, later -> sendLater(later, client));
        if (reply.isPresent()) {
          out.clear();
          out.put(reply.get()).flip();
          channel.send(out, client);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // A send to a vanished client (ICMP unreachable) and the like: that packet only.
        LOG.debug("UDP packet failed", e);
      }
    }
  }

  /** Sends a forwarded question's reply, from the thread that got the upstream's answer. */
  private void sendLater(byte[] reply, SocketAddress client) {
    try {
      channel.send(ByteBuffer.wrap(reply), client);
    } catch (IOException e) {
      LOG.debug("UDP reply to {} failed", client, e);
    }
  }

  /**
   * Stops receiving, letting each worker finish the answer it is on: the workers are woken by an
   * empty datagram each (a blocked receive has no timeout), see that the listener is closing, and
   * end; then the channel is closed.
   */
  @Override
  public void close() {
    closing = true;
    try (DatagramChannel waker = DatagramChannel.open()) {
      InetSocketAddress self = address();
      InetAddress target =
          self.getAddress().isAnyLocalAddress()
              ? (self.getAddress() instanceof Inet6Address
                  ? InetAddress.getByAddress(IPV6_LOOPBACK)
                  : InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))
              : self.getAddress();
      for (int i = 0; i < workers.size(); i++) {
        waker.send(ByteBuffer.allocate(0), new InetSocketAddress(target, self.getPort()));
      }
    } catch (IOException e) {
      LOG.debug("waking the UDP workers failed; closing the channel stops them", e);
    }
    for (Thread worker : workers) {
      try {
        worker.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the UDP channel failed", e);
    }
  }
}
