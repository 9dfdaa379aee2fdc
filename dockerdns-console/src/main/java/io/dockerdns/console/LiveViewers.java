package io.dockerdns.console;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The live page's event stream ({@code /events}): each viewer gets the current document when it
 * connects, then every new one, through {@link EventClients}, so a slow viewer holds up only
 * itself.
 */
final class LiveViewers {

  /** Live-page viewers at once; more get 503. */
  static final int MAX_VIEWERS = 64;

  /** A viewer whose send is stuck this long is dropped. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

  private final EventClients<SseClient> viewers;
  private final Supplier<String> currentDocument;

  LiveViewers(ExecutorService senders, Supplier<String> currentDocument) {
    this.viewers = new EventClients<>(new SseSender(), senders, WRITE_TIMEOUT, System::nanoTime);
    this.currentDocument = currentDocument;
  }

  void connect(SseClient client) {
    if (viewers.size() >= MAX_VIEWERS) {
      client.ctx().status(503);
      client.sendComment("too many viewers (" + MAX_VIEWERS + ")");
      client.close();
      return;
    }
    client.keepAlive();
    viewers.add(client);
    client.onClose(() -> viewers.remove(client));
    client.sendEvent("snapshot", currentDocument.get());
  }

  /** Drops viewers stuck past the write timeout, freeing their slots. */
  void dropStuck() {
    viewers.dropStuck();
  }

  /** Hands a new document to every viewer, made only when there is one; returns at once. */
  void broadcast(Supplier<String> document) {
    if (viewers.size() > 0) {
      viewers.broadcast(document.get());
    }
  }

  /** SSE viewers as the fan-out sends to them. */
  private static final class SseSender implements EventClients.Sender<SseClient> {
    @Override
    public boolean send(SseClient client, String data) {
      try {
        client.sendEvent("snapshot", data);
        return !client.terminated();
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public void close(SseClient client) {
      try {
        client.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }
}
