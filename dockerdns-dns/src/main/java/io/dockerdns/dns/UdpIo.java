package io.dockerdns.dns;

import java.util.Locale;

/** How DNS over UDP talks to the kernel. */
public enum UdpIo {
  /**
   * The JDK's datagram channel: one query and one reply per system call, on every platform. The
   * default: on the build machine it costs less CPU per query than {@link #EPOLL} at every rate
   * measured (docs/performance.md).
   */
  NIO,
  /**
   * Netty's native epoll transport: many queries read per system call ({@code recvmmsg}), the
   * replies to them sent in one ({@code sendmmsg}). Linux on x86-64; where its native library
   * cannot load, NIO answers instead and one log line says why.
   */
  EPOLL;

  /** The name used in settings and logs: {@code nio}, {@code epoll}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The value a setting names.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static UdpIo parse(String label) {
    for (UdpIo io : values()) {
      if (io.label().equals(label)) {
        return io;
      }
    }
    throw new IllegalArgumentException("'" + label + "' is not one of nio, epoll");
  }
}
