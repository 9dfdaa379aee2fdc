package io.dockerdns.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over UDP in batches, with Netty's native epoll transport: each wake-up reads the
 * queries waiting in the socket with one {@code recvmmsg}, answers them all, and sends the replies
 * with one {@code sendmmsg}. Batching pays when queries queue (at saturation); with one query per
 * wake-up it costs what one read and one write cost.
 *
 * <p>With more than one worker, each has a socket of its own on the same port ({@code
 * SO_REUSEPORT}; the kernel spreads clients over them) and one event-loop thread. Netty keeps a
 * failed send to its datagram: the replies queued with it still go out.
 */
final class EpollUdpListener implements UdpListener {

  private static final Logger LOG = LoggerFactory.getLogger(EpollUdpListener.class);

  /**
   * The longest query read whole. A query is a name, an OPT record and perhaps padding: under 1 KB
   * in practice. A longer datagram is cut here and answered FORMERR.
   */
  static final int MAX_QUERY = 4096;

  /** Queries read per system call: enough to empty a busy socket's queue a few times a ms. */
  static final int BATCH = 32;

  private static final int RECEIVE_BUFFER = 4 << 20;

  /**
   * The batch buffers and replies come from one small pool of direct memory (one arena of 256 KB
   * chunks): with a heap of 512 MB or less (the launcher gives 256) Netty's default allocator pools
   * nothing larger than 16 KB, and would allocate and zero a fresh batch buffer for every read (its
   * cost: docs/performance.md, the profile of the batched path).
   */
  private static final ByteBufAllocator BUFFERS =
      new PooledByteBufAllocator(true, 0, 1, 8192, 5, 256, 64, true, 0);

  private final EventLoopGroup loops;
  private final List<Channel> channels;

  private EpollUdpListener(EventLoopGroup loops, List<Channel> channels) {
    this.loops = loops;
    this.channels = channels;
  }

  /**
   * Binds {@code sockets} sockets to the port (0: a free one, the same for all) and starts
   * answering on them.
   *
   * @throws SocketException when the address cannot be bound
   */
  static EpollUdpListener bind(InetSocketAddress address, int sockets, SafeHandler handler)
      throws SocketException {
    EventLoopGroup loops =
        new MultiThreadIoEventLoopGroup(
            sockets, new DefaultThreadFactory("dockerdns-udp", true), EpollIoHandler.newFactory());
    List<Channel> channels = new ArrayList<>();
    try {
      SocketProtocolFamily family =
          address.getAddress() instanceof Inet6Address
              ? SocketProtocolFamily.INET6
              : SocketProtocolFamily.INET;
      Bootstrap bootstrap =
          new Bootstrap()
              .group(loops)
              .channelFactory(() -> new EpollDatagramChannel(family))
              .option(ChannelOption.ALLOCATOR, BUFFERS)
              // Bound now, read from start(): as NIO, nothing is answered before the server starts.
              .option(ChannelOption.AUTO_READ, false)
              // A burst must wait in the kernel, not be dropped (capped at net.core.rmem_max).
              .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
              .option(EpollChannelOption.SO_REUSEPORT, sockets > 1)
              // recvmmsg: the buffer holds BATCH slots of MAX_QUERY bytes, one query each.
              .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY)
              // One recvmmsg per wake-up: epoll is level-triggered, so what is left wakes the loop
              // again, and a quiet socket is not asked a second time only to say EAGAIN.
              .option(
                  ChannelOption.RECVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(MAX_QUERY * BATCH).maxMessagesPerRead(1));
      InetSocketAddress bound = address;
      for (int i = 0; i < sockets; i++) {
        // A handler each: its packet buffer belongs to its channel's event-loop thread.
        Channel channel = awaitBind(bootstrap.handler(new Queries(handler)).bind(bound));
        channels.add(channel);
        bound = (InetSocketAddress) channel.localAddress();
      }
      return new EpollUdpListener(loops, channels);
    } catch (SocketException | RuntimeException e) {
      for (Channel channel : channels) {
        channel.close().awaitUninterruptibly();
      }
      var unused = loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  private static Channel awaitBind(ChannelFuture bind) throws SocketException {
    bind.awaitUninterruptibly();
    if (bind.isSuccess()) {
      return bind.channel();
    }
    Throwable cause = bind.cause();
    if (cause instanceof SocketException socketFailure) {
      throw socketFailure;
    }
    // Netty's native errors are IOExceptions carrying the errno's text ("Address already in use");
    // as the JDK's BindException they read the same to BindFailures.
    SocketException failure = new BindException(nativeReason(cause));
    failure.initCause(cause);
    throw failure;
  }

  /** "bind(..) failed with error(-98): Address already in use" → "Address already in use". */
  private static String nativeReason(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    int colon = message.lastIndexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  @Override
  public void start() {
    channels.forEach(channel -> channel.config().setAutoRead(true));
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  @Override
  public UdpIo io() {
    return UdpIo.EPOLL;
  }

  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /**
   * One channel's queries: each read is answered at once and its reply queued; when the batch read
   * is done the queue is flushed, in one {@code sendmmsg} when it holds more than one reply.
   */
  private static final class Queries extends ChannelInboundHandlerAdapter {

    private final SafeHandler handler;
    private final byte[] packet = new byte[MAX_QUERY];

    Queries(SafeHandler handler) {
      this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      DatagramPacket datagram = (DatagramPacket) msg;
      InetSocketAddress client = datagram.sender();
      int length;
      try {
        ByteBuf content = datagram.content();
        length = Math.min(content.readableBytes(), packet.length);
        content.readBytes(packet, 0, length);
      } finally {
        datagram.release();
      }
      Channel channel = ctx.channel();
      Optional<byte[]> reply =
          handler.handle(
              packet,
              length,
              Transport.UDP,
              client.getAddress(),
              later -> sendLater(channel, later, client));
      if (reply.isPresent()) {
        var unused = ctx.write(datagram(channel, reply.get(), client), ctx.voidPromise());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A reply that could not be sent (that one only: the others in its batch go out), or a read
      // that failed; neither stops the channel.
      LOG.debug("UDP packet failed", cause);
    }

    /** A forwarded question's reply, from the thread that got the upstream's answer. */
    private static void sendLater(Channel channel, byte[] reply, InetSocketAddress client) {
      // Netty hands the write to the channel's event loop, where it goes out with the next flush.
      var unused = channel.writeAndFlush(datagram(channel, reply, client), channel.voidPromise());
    }

    private static DatagramPacket datagram(Channel channel, byte[] reply, InetSocketAddress to) {
      ByteBuf out = channel.alloc().directBuffer(reply.length).writeBytes(reply);
      return new DatagramPacket(out, to);
    }
  }
}
