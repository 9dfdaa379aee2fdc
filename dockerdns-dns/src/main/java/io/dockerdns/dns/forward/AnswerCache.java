package io.dockerdns.dns.forward;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Upstream answers kept by question, with TTLs counted down as they age: positive answers for their
 * smallest TTL, negative ones (NXDOMAIN, no data) for their SOA's negative TTL (RFC 2308 section
 * 5), both within the configured bounds. Expired answers are kept a while longer for when every
 * upstream fails (RFC 8767). Bounded in count by Caffeine, which evicts the least useful.
 */
final class AnswerCache {

  /**
   * What an answer depends on: the question, whether DNSSEC records were asked for (DO), and
   * whether the upstream was told not to validate (CD). An answer given with checking disabled may
   * be one validation would have refused, so it is never given to a client that relies on it (as
   * Unbound and CoreDNS keep them apart).
   */
  record Key(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {}

  /** An answer with the time it was stored and how long it stays fresh. */
  record Entry(
      int rcode, boolean authenticated, List<List<Record>> sections, long storedNanos, long ttl) {}

  private static final int[] KEPT = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};
  private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

  private final CacheSettings settings;
  private final LongSupplier nanoClock;
  private final Cache<Key, Entry> entries;

  AnswerCache(CacheSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    long keepStale = settings.serveStale() ? settings.staleMaxAge().toNanos() : 0;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(settings.size())
            .ticker(nanoClock::getAsLong)
            .expireAfter(
                Expiry.<Key, Entry>creating(
                    (key, entry) ->
                        java.time.Duration.ofNanos(
                            Math.min(Long.MAX_VALUE / 4, entry.ttl() * NANOS + keepStale))))
            .build();
  }

  /** The answer to {@code key} while its TTL lasts, TTLs lowered by its age in whole seconds. */
  Optional<ForwardedAnswer> fresh(Key key) {
    Entry entry = entries.getIfPresent(key);
    if (entry == null) {
      return Optional.empty();
    }
    long age = (nanoClock.getAsLong() - entry.storedNanos()) / NANOS;
    if (age >= entry.ttl()) {
      return Optional.empty();
    }
    return Optional.of(
        new ForwardedAnswer(
            message(entry, age, -1),
            entry.storedNanos(),
            age,
            entry.storedNanos() + entry.ttl() * NANOS));
  }

  /** The expired answer to {@code key}, every TTL set to the stale answer TTL, when kept. */
  Optional<Message> stale(Key key) {
    if (!settings.serveStale()) {
      return Optional.empty();
    }
    Entry entry = entries.getIfPresent(key);
    return entry == null
        ? Optional.empty()
        : Optional.of(message(entry, 0, settings.staleAnswerTtl()));
  }

  /** Keeps {@code reply} when it may be kept: NOERROR or NXDOMAIN, whole, negative with an SOA. */
  void put(Key key, Message reply) {
    int rcode = reply.getRcode();
    if (settings.size() == 0
        || reply.getHeader().getFlag(Flags.TC)
        || (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN)) {
      return;
    }
    List<Record> answers = reply.getSection(Section.ANSWER);
    long ttl;
    if (rcode == Rcode.NOERROR && !answers.isEmpty()) {
      ttl = answers.stream().mapToLong(r -> settings.bounded(r.getTTL())).min().orElse(0);
    } else {
      Optional<SOARecord> soa =
          reply.getSection(Section.AUTHORITY).stream()
              .filter(r -> r.getType() == Type.SOA)
              .map(SOARecord.class::cast)
              .findFirst();
      if (soa.isEmpty()) {
        return; // RFC 2308 section 5: a negative answer without an SOA is not kept
      }
      ttl = settings.bounded(Math.min(soa.get().getTTL(), soa.get().getMinimum()));
    }
    if (ttl <= 0 && !settings.serveStale()) {
      return;
    }
    List<List<Record>> sections =
        Arrays.stream(KEPT)
            .mapToObj(
                s ->
                    reply.getSection(s).stream()
                        .filter(r -> r.getType() != Type.OPT)
                        .map(r -> withTtl(r, settings.bounded(r.getTTL())))
                        .toList())
            .toList();
    entries.put(
        key,
        new Entry(
            rcode, reply.getHeader().getFlag(Flags.AD), sections, nanoClock.getAsLong(), ttl));
  }

  /** Answers kept now, fresh or stale. */
  long size() {
    return entries.estimatedSize();
  }

  /**
   * The entry as a reply without question or OPT: TTLs less {@code age}, or all {@code fixedTtl}.
   */
  private static Message message(Entry entry, long age, long fixedTtl) {
    Message m = new Message();
    m.getHeader().setRcode(entry.rcode());
    if (entry.authenticated()) {
      m.getHeader().setFlag(Flags.AD);
    }
    for (int i = 0; i < KEPT.length; i++) {
      for (Record r : entry.sections().get(i)) {
        long ttl = fixedTtl >= 0 ? fixedTtl : Math.max(0, r.getTTL() - age);
        m.addRecord(withTtl(r, ttl), KEPT[i]);
      }
    }
    return m;
  }

  /**
   * The record with another TTL. dnsjava keeps its TTL setter to itself, so the record is built
   * again from its uncompressed wire form (the rdata follows the owner name and 10 bytes of type,
   * class, TTL and length), which keeps the case of names inside the rdata.
   */
  static Record withTtl(Record r, long ttl) {
    if (r.getTTL() == ttl) {
      return r;
    }
    byte[] wire = r.toWire(Section.ANSWER);
    byte[] rdata = Arrays.copyOfRange(wire, r.getName().length() + 10, wire.length);
    return Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, rdata);
  }
}
