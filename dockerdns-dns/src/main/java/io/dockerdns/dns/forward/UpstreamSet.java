package io.dockerdns.dns.forward;

import io.dockerdns.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.PortUnreachableException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The upstream servers and how they are asked: in order, healthy ones first, each try on its own
 * UDP socket (again over TCP when the reply is truncated) until the deadline; a server failing
 * {@code maxFails} times in a row is skipped and probed until it answers again.
 */
final class UpstreamSet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamSet.class);
  private static final int TCP_THREADS = 16;

  /** The EDNS payload we ask upstreams for: the 2020 DNS flag day's, safe from fragmentation. */
  private static final int EDNS_PAYLOAD = 1232;

  private final ForwardingConfig config;
  private final UdpExchanges udp;
  private final ExecutorService tcp;
  private final ScheduledExecutorService prober;
  private final Map<Upstream, UpstreamHealth> health = new ConcurrentHashMap<>();
  private final SecureRandom ids = new SecureRandom();

  UpstreamSet(ForwardingConfig config) {
    this.config = config;
    try {
      this.udp = new UdpExchanges();
    } catch (IOException e) {
      throw new UncheckedIOException("forwarding cannot start: " + e.getMessage(), e);
    }
    List<Upstream> all = new ArrayList<>(config.upstreams());
    config.zones().forEach(z -> all.addAll(z.upstreams()));
    all.forEach(u -> health.computeIfAbsent(u, x -> new UpstreamHealth(x, config.maxFails())));
    ThreadPoolExecutor tcpPool =
        new ThreadPoolExecutor(
            TCP_THREADS,
            TCP_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.factory("dockerdns-upstream-tcp"));
    tcpPool.allowCoreThreadTimeOut(true);
    this.tcp = tcpPool;
    ScheduledThreadPoolExecutor probes =
        new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("dockerdns-upstream-probe"));
    long every = config.probeInterval().toNanos();
    var unused =
        probes.scheduleWithFixedDelay(this::probeDownServers, every, every, TimeUnit.NANOSECONDS);
    this.prober = probes;
  }

  /** What is known of each server, for the metrics. */
  Collection<UpstreamHealth> servers() {
    return health.values();
  }

  /** Asks the servers for the key's question in turn, healthy ones first, until the deadline. */
  CompletableFuture<Message> ask(AnswerCache.Key key) {
    List<UpstreamHealth> order = new ArrayList<>();
    List<UpstreamHealth> down = new ArrayList<>();
    for (Upstream u : config.serversFor(key.name())) {
      UpstreamHealth h = health.get(u);
      (h.isUp() ? order : down).add(h);
    }
    order.addAll(down); // when every server is down, they are still tried: one may be back
    long deadline = System.nanoTime() + config.deadline().toNanos();
    return tryFrom(order, 0, key, deadline);
  }

  private CompletableFuture<Message> tryFrom(
      List<UpstreamHealth> order, int index, AnswerCache.Key key, long deadline) {
    long left = deadline - System.nanoTime();
    if (index >= order.size() || left <= 0) {
      return CompletableFuture.failedFuture(new TimeoutException("no upstream answered in time"));
    }
    UpstreamHealth server = order.get(index);
    Message query = upstreamQuery(key);
    long timeout = Math.min(left, config.tryTimeout().toNanos());
    long started = System.nanoTime();
    CompletableFuture<Message> result = new CompletableFuture<>();
    var unused =
        udp.exchange(server.upstream(), query, timeout)
            .thenCompose(reply -> overTcpIfTruncated(server, query, reply, deadline))
            .whenComplete(
                (reply, failure) -> {
                  UpstreamHealth.Failure why = failure != null ? kindOf(failure) : kindOf(reply);
                  if (why == null) {
                    server.answered(System.nanoTime() - started);
                    result.complete(reply);
                    return;
                  }
                  if (server.failed(why)) {
                    LOG.warn(
                        "upstream {} is down after {} failures in a row (last: {}); probing it",
                        server.upstream(),
                        config.maxFails(),
                        why.label());
                  }
                  pipe(tryFrom(order, index + 1, key, deadline), result);
                });
    return result;
  }

  private static void pipe(CompletableFuture<Message> from, CompletableFuture<Message> to) {
    var unused =
        from.whenComplete(
            (reply, failure) -> {
              if (failure == null) {
                to.complete(reply);
              } else {
                to.completeExceptionally(failure);
              }
            });
  }

  /** A truncated reply is asked again over TCP, on a thread of its own (the exchange blocks). */
  private CompletableFuture<Message> overTcpIfTruncated(
      UpstreamHealth server, Message query, Message reply, long deadline) {
    if (!reply.getHeader().getFlag(Flags.TC)) {
      return CompletableFuture.completedFuture(reply);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return TcpExchange.exchange(server.upstream(), query, deadline - System.nanoTime());
          } catch (IOException e) {
            throw new CompletionException(new TcpFailure(e));
          }
        },
        tcp);
  }

  private Message upstreamQuery(AnswerCache.Key key) {
    Message query = new Message(ids.nextInt(0x10000));
    query.getHeader().setFlag(Flags.RD);
    if (key.checkingDisabled()) {
      query.getHeader().setFlag(Flags.CD);
    }
    query.addRecord(Record.newRecord(key.name(), key.type(), key.dclass()), Section.QUESTION);
    query.addRecord(
        new OPTRecord(EDNS_PAYLOAD, 0, 0, key.dnssecOk() ? ExtendedFlags.DO : 0),
        Section.ADDITIONAL);
    return query;
  }

  private static UpstreamHealth.Failure kindOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return UpstreamHealth.Failure.TIMEOUT;
    }
    if (cause instanceof PortUnreachableException) {
      return UpstreamHealth.Failure.UNREACHABLE;
    }
    if (cause instanceof TcpFailure) {
      return UpstreamHealth.Failure.TCP;
    }
    return UpstreamHealth.Failure.OTHER;
  }

  /** Why a reply counts as a failure (the next server is asked), or null when it is an answer. */
  private static UpstreamHealth.Failure kindOf(Message reply) {
    return switch (reply.getRcode()) {
      case Rcode.SERVFAIL -> UpstreamHealth.Failure.SERVFAIL;
      case Rcode.REFUSED -> UpstreamHealth.Failure.REFUSED;
      default -> null;
    };
  }

  /** Asks each server that is down for the root's NS; any reply brings it back. */
  private void probeDownServers() {
    for (UpstreamHealth server : health.values()) {
      if (!server.isUp()) {
        Message probe = Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN));
        probe.getHeader().setID(ids.nextInt(0x10000));
        var unused =
            udp.exchange(server.upstream(), probe, config.tryTimeout().toNanos())
                .thenAccept(
                    reply -> {
                      if (!server.isUp()) {
                        LOG.info("upstream {} answers again", server.upstream());
                      }
                      server.probed();
                    });
      }
    }
  }

  /** UDP replies dropped so far because they did not answer their question. */
  long mismatchedReplies() {
    return udp.mismatchedReplies();
  }

  /** Whether the server is used now (not skipped after failures). */
  boolean isUp(Upstream upstream) {
    return health.get(upstream).isUp();
  }

  @Override
  public void close() {
    prober.shutdownNow();
    tcp.shutdownNow();
    udp.close();
  }

  /** The TCP retry of a truncated reply failed. */
  private static final class TcpFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TcpFailure(IOException cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
