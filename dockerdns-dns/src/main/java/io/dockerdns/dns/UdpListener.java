package io.dockerdns.dns;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A path that answers DNS over UDP: it receives queries, asks the handler and sends the replies.
 * Policies (rate limiting, who may recurse) live in the handler, so every path has them.
 */
interface UdpListener extends AutoCloseable {

  /** Starts receiving. */
  void start();

  /** Where it listens (the chosen port when configured as 0). */
  InetSocketAddress address() throws IOException;

  /** Which I/O it uses. */
  UdpIo io();

  /** Stops receiving, lets answers in flight finish, and releases the port. */
  @Override
  void close();
}
