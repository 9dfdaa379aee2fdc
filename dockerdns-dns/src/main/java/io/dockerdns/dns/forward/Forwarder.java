package io.dockerdns.dns.forward;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
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
 * Answers names outside the own zone by asking upstream servers: from the cache while an answer is
 * fresh; else from the first healthy server that answers in time (the same question asked by many
 * clients at once goes upstream once); else, when none does, from expired data (RFC 8767) or with
 * SERVFAIL, within the configured deadline.
 *
 * <p>What it returns is the answer's content (rcode, AD, records); the DNS server writes it into
 * the reply to the client's own query.
 */
public final class Forwarder implements AutoCloseable, MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  private static final String FORWARDED = "dockerdns.dns.forwarded";
  private static final String CACHE = "dockerdns.dns.forward.cache";
  private static final int TCP_THREADS = 16;

  /** The EDNS payload we ask upstreams for: the 2020 DNS flag day's, safe from fragmentation. */
  private static final int EDNS_PAYLOAD = 1232;

  /** How a forwarded question ended, as the metrics count it. */
  private enum Outcome {
    ANSWERED,
    STALE,
    SERVFAIL,
    REFUSED,
    OVERLOADED
  }

  private final ForwardingConfig config;
  private final LocalNames localNames;
  private final AnswerCache cache;
  private final UdpExchanges udp;
  private final ExecutorService tcp;
  private final ScheduledExecutorService prober;
  private final Map<Upstream, UpstreamHealth> health = new ConcurrentHashMap<>();
  private final Map<AnswerCache.Key, CompletableFuture<Message>> asking = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final SecureRandom ids = new SecureRandom();
  private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();

  private Forwarder(
      ForwardingConfig config, Name domain, LongSupplier nanoClock, UdpExchanges udp) {
    this.config = config;
    this.localNames = new LocalNames(domain);
    this.cache = new AnswerCache(config.cache(), nanoClock);
    this.udp = udp;
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, new LongAdder());
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

  /**
   * Starts forwarding: one thread waits for UDP replies, one probes servers that are down.
   *
   * @param domain the own domain, never forwarded
   */
  public static Forwarder start(ForwardingConfig config, Name domain) {
    return start(config, domain, System::nanoTime);
  }

  static Forwarder start(ForwardingConfig config, Name domain, LongSupplier nanoClock) {
    try {
      Forwarder forwarder = new Forwarder(config, domain, nanoClock, new UdpExchanges());
      LOG.info(
          "forwarding other names to {}{}; recursion for {}",
          config.upstreams().isEmpty() ? "nothing" : config.upstreams(),
          config.zones().isEmpty() ? "" : ", zones " + config.zones(),
          config.allowedClients());
      return forwarder;
    } catch (IOException e) {
      throw new UncheckedIOException("forwarding cannot start: " + e.getMessage(), e);
    }
  }

  public ForwardingConfig config() {
    return config;
  }

  /**
   * Whether a question for {@code name} goes upstream: not the own domain, not a reverse name of a
   * container network, and some server is configured for it.
   */
  public boolean forwards(Name name, RegistrySnapshot snapshot) {
    return !config.serversFor(name).isEmpty() && !localNames.isLocal(name, snapshot);
  }

  /** Whether {@code client} may have names forwarded; a caller in this process (null) may. */
  public boolean allows(InetAddress client, RegistrySnapshot snapshot) {
    return client == null || config.allowedClients().allows(client, snapshot);
  }

  /** Counts a question answered REFUSED because its client may not recurse. */
  public void countRefused() {
    count(Outcome.REFUSED);
  }

  /** Counts a question answered from the cache, also when the caller kept the encoded reply. */
  public void countCacheHit() {
    cacheHits.increment();
    count(Outcome.ANSWERED);
  }

  /**
   * The answer to {@code query}'s question. Completes within the deadline and never exceptionally
   * (SERVFAIL when all else fails).
   */
  public CompletableFuture<ForwardedAnswer> resolve(Message query) {
    Record question = query.getQuestion();
    OPTRecord opt = query.getOPT();
    boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    AnswerCache.Key key =
        new AnswerCache.Key(question.getName(), question.getType(), question.getDClass(), dnssecOk);
    Optional<ForwardedAnswer> fresh = cache.fresh(key);
    if (fresh.isPresent()) {
      countCacheHit();
      return CompletableFuture.completedFuture(fresh.get());
    }
    cacheMisses.increment();
    CompletableFuture<Message> mine = new CompletableFuture<>();
    CompletableFuture<Message> asked = asking.putIfAbsent(key, mine);
    if (asked == null) {
      asked = mine;
      if (inFlight.incrementAndGet() > config.maxInFlight()) {
        inFlight.decrementAndGet();
        asking.remove(key, mine);
        mine.completeExceptionally(new Overloaded());
      } else {
        boolean checkingDisabled = query.getHeader().getFlag(Flags.CD);
        var unused =
            ask(key, checkingDisabled)
                .whenComplete(
                    (reply, failure) -> {
                      inFlight.decrementAndGet();
                      asking.remove(key, mine);
                      if (failure == null) {
                        cache.put(key, reply);
                        mine.complete(reply);
                      } else {
                        mine.completeExceptionally(failure);
                      }
                    });
      }
    }
    return asked.handle(
        (reply, failure) -> reply != null ? answered(key, reply) : failed(key, failure));
  }

  /** An upstream's reply as the cache now gives it (TTLs within bounds), else as it came. */
  private ForwardedAnswer answered(AnswerCache.Key key, Message reply) {
    count(Outcome.ANSWERED);
    Optional<ForwardedAnswer> cached = cache.fresh(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Message content = new Message();
    content.getHeader().setRcode(reply.getRcode());
    if (reply.getHeader().getFlag(Flags.AD)) {
      content.getHeader().setFlag(Flags.AD);
    }
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record r : reply.getSection(section)) {
        if (r.getType() != Type.OPT) {
          content.addRecord(r, section);
        }
      }
    }
    return ForwardedAnswer.once(content);
  }

  private ForwardedAnswer failed(AnswerCache.Key key, Throwable failure) {
    Optional<Message> stale = cache.stale(key);
    if (stale.isPresent()) {
      count(Outcome.STALE);
      return ForwardedAnswer.once(stale.get());
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    count(cause instanceof Overloaded ? Outcome.OVERLOADED : Outcome.SERVFAIL);
    Message servfail = new Message();
    servfail.getHeader().setRcode(Rcode.SERVFAIL);
    return ForwardedAnswer.once(servfail);
  }

  /** Asks the servers for the key's question in turn, healthy ones first, until the deadline. */
  private CompletableFuture<Message> ask(AnswerCache.Key key, boolean checkingDisabled) {
    List<UpstreamHealth> order = new ArrayList<>();
    List<UpstreamHealth> down = new ArrayList<>();
    for (Upstream u : config.serversFor(key.name())) {
      UpstreamHealth h = health.get(u);
      (h.isUp() ? order : down).add(h);
    }
    order.addAll(down); // when every server is down, they are still tried: one may be back
    long deadline = System.nanoTime() + config.deadline().toNanos();
    return tryFrom(order, 0, key, checkingDisabled, deadline);
  }

  private CompletableFuture<Message> tryFrom(
      List<UpstreamHealth> order,
      int index,
      AnswerCache.Key key,
      boolean checkingDisabled,
      long deadline) {
    long left = deadline - System.nanoTime();
    if (index >= order.size() || left <= 0) {
      return CompletableFuture.failedFuture(new TimeoutException("no upstream answered in time"));
    }
    UpstreamHealth server = order.get(index);
    Message query = upstreamQuery(key, checkingDisabled);
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
                  pipe(tryFrom(order, index + 1, key, checkingDisabled, deadline), result);
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

  private Message upstreamQuery(AnswerCache.Key key, boolean checkingDisabled) {
    Message query = new Message(ids.nextInt(0x10000));
    query.getHeader().setFlag(Flags.RD);
    if (checkingDisabled) {
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

  private void count(Outcome outcome) {
    outcomes.get(outcome).increment();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Outcome o : Outcome.values()) {
      FunctionCounter.builder(FORWARDED, outcomes.get(o), LongAdder::doubleValue)
          .tag("result", o.name().toLowerCase(java.util.Locale.ROOT))
          .description(
              "Questions for names outside the zone, by how they ended: answered (from the cache or"
                  + " an upstream), stale (expired data, every upstream failing), servfail,"
                  + " refused (client not allowed recursion), overloaded (too many in flight).")
          .register(registry);
    }
    FunctionCounter.builder(CACHE, cacheHits, LongAdder::doubleValue)
        .tag("result", "hit")
        .description(
            "Forwarded questions answered from the cache (hit), asked upstream (miss), or answered"
                + " from expired data when every upstream failed (stale).")
        .register(registry);
    FunctionCounter.builder(CACHE, cacheMisses, LongAdder::doubleValue)
        .tag("result", "miss")
        .register(registry);
    FunctionCounter.builder(CACHE, outcomes.get(Outcome.STALE), LongAdder::doubleValue)
        .tag("result", "stale")
        .register(registry);
    Gauge.builder("dockerdns.dns.forward.cache.entries", cache, AnswerCache::size)
        .description("Answers in the forwarding cache, fresh and stale.")
        .register(registry);
    Gauge.builder("dockerdns.dns.forward.in.flight", inFlight, AtomicInteger::get)
        .description("Questions being asked upstream now.")
        .register(registry);
    FunctionCounter.builder(
            "dockerdns.dns.upstream.mismatched", udp, UdpExchanges::mismatchedReplies)
        .description(
            "UDP replies dropped because they did not answer the question asked (id, question).")
        .register(registry);
    health.values().forEach(h -> bindUpstream(registry, h));
  }

  private static void bindUpstream(MeterRegistry registry, UpstreamHealth h) {
    String upstream = h.upstream().toString();
    FunctionTimer.builder(
            "dockerdns.dns.upstream.latency",
            h,
            UpstreamHealth::answered,
            UpstreamHealth::latencySecondsTotal,
            TimeUnit.SECONDS)
        .tag("upstream", upstream)
        .description("Time upstreams took to answer, answers only.")
        .register(registry);
    for (UpstreamHealth.Failure why : UpstreamHealth.Failure.values()) {
      FunctionCounter.builder("dockerdns.dns.upstream.errors", h, x -> x.failures(why))
          .tags("upstream", upstream, "kind", why.label())
          .description("Upstream exchanges that failed, by why.")
          .register(registry);
    }
    Gauge.builder("dockerdns.dns.upstream.up", h, x -> x.isUp() ? 1 : 0)
        .tag("upstream", upstream)
        .description("1 while an upstream is used, 0 while it is skipped and probed.")
        .register(registry);
  }

  @Override
  public void close() {
    prober.shutdownNow();
    tcp.shutdownNow();
    udp.close();
  }

  /** Too many questions upstream at once. */
  private static final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overloaded() {
      super("too many questions in flight upstream", null, false, false);
    }
  }

  /** The TCP retry of a truncated reply failed. */
  private static final class TcpFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TcpFailure(IOException cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
