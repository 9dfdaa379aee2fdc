package io.dockerdns.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the Docker Engine's socket, for tests that need the engine to vanish
 * without stopping the daemon: {@link #cut()} drops every connection (the event stream breaks) and
 * refuses new ones until {@link #restore()}; {@link #freeze()} keeps every connection open and
 * accepts new ones but passes nothing either way until {@link #thaw()}, as a stopped daemon or a
 * hung network does. Listens on loopback only.
 */
public final class EngineProxy implements AutoCloseable {

  private final ServerSocketChannel server;
  private final SocketAddress engine;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean cut;
  private volatile boolean frozen;
  private volatile boolean closed;

  private EngineProxy(SocketAddress engine) throws IOException {
    this.engine = engine;
    this.server =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.acceptor = new Thread(this::acceptLoop, "engine-proxy");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** A proxy to the engine the tests use ({@code unix://} or {@code tcp://}). */
  public static EngineProxy toTestEngine() throws IOException {
    URI url = URI.create(DockerFixture.engineUrl());
    SocketAddress engine =
        "unix".equals(url.getScheme())
            ? UnixDomainSocketAddress.of(url.getPath())
            : new InetSocketAddress(url.getHost(), url.getPort());
    return new EngineProxy(engine);
  }

  /** The address to give dockerdns: {@code tcp://127.0.0.1:PORT}. */
  public String url() throws IOException {
    InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
    return "tcp://127.0.0.1:" + local.getPort();
  }

  /** The engine is gone: every connection drops, new ones are closed at once. */
  public void cut() {
    cut = true;
    open.forEach(EngineProxy::closeQuietly);
    open.clear();
  }

  /** The engine is back. */
  public void restore() {
    cut = false;
  }

  /** Nothing passes, either way, on any connection; connections stay open. */
  public void freeze() {
    frozen = true;
  }

  /** Bytes pass again (those held meanwhile too). */
  public void thaw() {
    frozen = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel client = server.accept();
        if (cut) {
          client.close();
          continue;
        }
        SocketChannel upstream =
            engine instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        upstream.connect(engine);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(SocketChannel from, SocketChannel to) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
              try {
                while (from.read(buffer) >= 0) {
                  while (frozen && !closed) {
                    Thread.sleep(10);
                  }
                  buffer.flip();
                  while (buffer.hasRemaining()) {
                    to.write(buffer);
                  }
                  buffer.clear();
                }
              } catch (IOException e) {
                // one side went away
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "engine-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    cut();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
