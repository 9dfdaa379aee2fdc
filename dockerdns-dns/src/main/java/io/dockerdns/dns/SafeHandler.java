package io.dockerdns.dns;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;

/**
 * The handler as the listeners call it: whatever goes wrong with one packet is caught here, logged
 * at debug level, and answered SERVFAIL when the header can be echoed. One bad packet never stops a
 * listener.
 */
final class SafeHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SafeHandler.class);

  private final QueryHandler handler;

  SafeHandler(QueryHandler handler) {
    this.handler = handler;
  }

  Optional<byte[]> handle(byte[] packet, int length, Transport transport) {
    return handle(packet, length, transport, null);
  }

  Optional<byte[]> handle(byte[] packet, int length, Transport transport, InetAddress client) {
    try {
      return handler.handle(packet, length, transport, client);
    } catch (RuntimeException | StackOverflowError e) {
      return failed(packet, length, transport, e);
    }
  }

  /** As {@link QueryHandler#handle(byte[], int, Transport, InetAddress, Consumer)}. */
  Optional<byte[]> handle(
      byte[] packet, int length, Transport transport, InetAddress client, Consumer<byte[]> later) {
    try {
      return handler.handle(packet, length, transport, client, later);
    } catch (RuntimeException | StackOverflowError e) {
      return failed(packet, length, transport, e);
    }
  }

  private static Optional<byte[]> failed(
      byte[] packet, int length, Transport transport, Throwable e) {
    LOG.debug("failed to answer a {} packet of {} bytes", transport, length, e);
    return length >= 12
        ? Optional.of(WireReplies.headerOnly(packet, Rcode.SERVFAIL))
        : Optional.empty();
  }
}
