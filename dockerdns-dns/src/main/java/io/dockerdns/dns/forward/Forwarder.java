package io.dockerdns.dns.forward;

import io.dockerdns.core.registry.RegistrySnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private final UpstreamSet upstreams;
  private final Map<AnswerCache.Key, CompletableFuture<Message>> asking = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();

  private Forwarder(ForwardingConfig config, List<Name> domains, LongSupplier nanoClock) {
    this.config = config;
    this.localNames = new LocalNames(domains);
    this.cache = new AnswerCache(config.cache(), nanoClock);
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, new LongAdder());
    }
    this.upstreams = new UpstreamSet(config);
  }

  /**
   * Starts forwarding: one thread waits for UDP replies, one probes servers that are down.
   *
   * @param domains the own domains, never forwarded
   */
  public static Forwarder start(ForwardingConfig config, List<Name> domains) {
    return start(config, domains, System::nanoTime);
  }

  /** As above, with the clock cached answers age by (nanoseconds, as {@link System#nanoTime}). */
  public static Forwarder start(
      ForwardingConfig config, List<Name> domains, LongSupplier nanoClock) {
    Forwarder forwarder = new Forwarder(config, domains, nanoClock);
    LOG.info(
        "forwarding other names to {}{}; recursion for {}",
        config.upstreams().isEmpty() ? "nothing" : config.upstreams(),
        config.zones().isEmpty() ? "" : ", zones " + config.zones(),
        config.allowedClients());
    return forwarder;
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
        new AnswerCache.Key(
            question.getName(),
            question.getType(),
            question.getDClass(),
            dnssecOk,
            query.getHeader().getFlag(Flags.CD));
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
        var unused =
            upstreams
                .ask(key)
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

  /** UDP replies dropped so far because they did not answer their question. */
  long mismatchedReplies() {
    return upstreams.mismatchedReplies();
  }

  /** Whether the server is used now (not skipped after failures). */
  boolean isUp(Upstream upstream) {
    return upstreams.isUp(upstream);
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
            "dockerdns.dns.upstream.mismatched", upstreams, UpstreamSet::mismatchedReplies)
        .description(
            "UDP replies dropped because they did not answer the question asked (id, question).")
        .register(registry);
    upstreams.servers().forEach(h -> bindUpstream(registry, h));
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
    upstreams.close();
  }

  /** Too many questions upstream at once. */
  private static final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overloaded() {
      super("too many questions in flight upstream", null, false, false);
    }
  }
}
