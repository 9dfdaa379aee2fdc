package io.dockerdns.dns;

import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the UDP path a configuration asks for: NIO, or batched (epoll) where it loads. */
final class UdpListeners {

  private static final Logger LOG = LoggerFactory.getLogger(UdpListeners.class);

  /** Netty unpacks its native library here; a directory mounted noexec cannot load it. */
  private static final String NATIVE_WORKDIR_PROPERTY = "io.netty.native.workdir";

  private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

  private UdpListeners() {}

  /**
   * Binds the UDP path {@code config} names. When {@link UdpIo#EPOLL} is asked for and its native
   * transport cannot load, NIO answers instead and one log line (once per process) says why.
   *
   * @throws IOException when the address cannot be bound ({@link java.net.SocketException})
   */
  static UdpListener open(DnsServerConfig config, InetSocketAddress address, SafeHandler handler)
      throws IOException {
    UdpIo io = chosen(config.udpIo());
    if (io == UdpIo.EPOLL) {
      return EpollUdpListener.bind(address, config.udpWorkers(), handler);
    }
    return new NioUdpListener(NioUdpListener.bind(address), handler, config.udpWorkers());
  }

  private static UdpIo chosen(UdpIo asked) {
    if (asked == UdpIo.NIO) {
      return UdpIo.NIO;
    }
    Optional<String> unavailable = nativeUnavailable();
    if (unavailable.isEmpty()) {
      return UdpIo.EPOLL;
    }
    if (FALLBACK_LOGGED.compareAndSet(false, true)) {
      LOG.warn(
          "UDP answers one datagram per system call (NIO): the batched epoll path cannot load: {}{}",
          unavailable.get(),
          workdirHint());
    }
    return UdpIo.NIO;
  }

  /** Why Netty's native epoll transport cannot be used here, if it cannot. */
  private static Optional<String> nativeUnavailable() {
    Throwable cause;
    try {
      cause = Epoll.unavailabilityCause();
    } catch (LinkageError e) {
      // The transport's classes themselves are missing (a trimmed class path).
      cause = e;
    }
    return Optional.ofNullable(cause).map(UdpListeners::reason);
  }

  private static String workdirHint() {
    String workdir =
        System.getProperty(NATIVE_WORKDIR_PROPERTY, System.getProperty("java.io.tmpdir"));
    return " (the native library is unpacked into "
        + workdir
        + "; if that is mounted noexec, name another directory with -D"
        + NATIVE_WORKDIR_PROPERTY
        + "=DIR)";
  }

  /** The innermost message: "...: failed to map segment from shared object" and the like. */
  private static String reason(Throwable cause) {
    Throwable innermost = cause;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
  }
}
