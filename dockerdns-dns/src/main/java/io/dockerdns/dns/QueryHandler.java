package io.dockerdns.dns;

import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.dns.forward.Forwarder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one request's bytes into one reply's bytes, or into silence. Transport-independent and
 * thread-safe; the UDP and TCP listeners, the fuzz tests and embedders call it.
 *
 * <p>The protocol checks live here (header, opcode, counts, class, EDNS); what the zone says lives
 * in {@link ZoneAnswers}. Every request is answered from one registry snapshot.
 */
public final class QueryHandler {

  /** Our EDNS(0) UDP payload size: the 2020 DNS flag day's value, safe from fragmentation. */
  public static final int EDNS_PAYLOAD = 1232;

  /** The UDP reply size for a client without EDNS (RFC 1035). */
  public static final int PLAIN_UDP_PAYLOAD = 512;

  private static final int TCP_MAX = 65535;
  private static final int[] SECTIONS = {
    Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL
  };

  private final Supplier<RegistrySnapshot> snapshots;
  private final ZoneAnswers zone;
  private final QueryCounters counters = new QueryCounters();
  private final ReplyCache cache = new ReplyCache();

  private final ResponseRateLimit rateLimit;
  private final ForwardedQuestions forwarded;
  private final QueryLog queryLog; // null when questions are not logged

  /** A handler answering its own zone only: every other name is REFUSED. */
  public QueryHandler(
      DnsServerConfig config, Resolver resolver, Supplier<RegistrySnapshot> snapshots) {
    this(config, resolver, snapshots, null, System::nanoTime);
  }

  /** A handler sending names outside its zone to {@code forwarder} (null: REFUSED). */
  public QueryHandler(
      DnsServerConfig config,
      Resolver resolver,
      Supplier<RegistrySnapshot> snapshots,
      Forwarder forwarder) {
    this(config, resolver, snapshots, forwarder, System::nanoTime);
  }

  QueryHandler(
      DnsServerConfig config,
      Resolver resolver,
      Supplier<RegistrySnapshot> snapshots,
      Forwarder forwarder,
      LongSupplier nanoClock) {
    this.snapshots = snapshots;
    this.zone = new ZoneAnswers(config, resolver);
    this.forwarded =
        forwarder == null
            ? null
            : new ForwardedQuestions(forwarder, this::encode, cache, nanoClock);
    int limit = config.effectiveRateLimit();
    this.rateLimit = limit > 0 ? new ResponseRateLimit(limit, nanoClock) : null;
    this.queryLog = config.logQueries() ? new QueryLog(nanoClock) : null;
  }

  /** The reply to a packet from a caller in this process: no rate limit applies. */
  public Optional<byte[]> handle(byte[] packet, int length, Transport transport) {
    return handle(packet, length, transport, null);
  }

  /**
   * The reply to {@code length} bytes of {@code packet}, or empty when none is due; blocks while a
   * forwarded name is asked upstream. See {@link #handle(byte[], int, Transport, InetAddress,
   * Consumer)}.
   */
  public Optional<byte[]> handle(
      byte[] packet, int length, Transport transport, InetAddress client) {
    if (forwarded == null) {
      return handle(packet, length, transport, client, QueryHandler::neverLater);
    }
    CompletableFuture<byte[]> later = new CompletableFuture<>();
    Optional<byte[]> now = handle(packet, length, transport, client, later::complete);
    if (now.isPresent()) {
      return now;
    }
    try {
      // The forwarder completes within its deadline; the margin only guards against a bug.
      return Optional.of(later.get(forwarded.deadline().toMillis() + 5000, TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty(); // no reply: a silent forwarder is not answered for
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The reply to {@code length} bytes of {@code packet} when it is known at once; a forwarded
   * question's reply is given to {@code later} instead, from another thread, when the upstream has
   * answered (the packet may be reused meanwhile). Empty, and {@code later} never called, when no
   * reply is due: a packet too short for a header, one that is itself a reply (QR=1), or a UDP
   * reply to a client prefix past its rate limit (which instead gets, every second time, an empty
   * truncated reply).
   */
  public Optional<byte[]> handle(
      byte[] packet, int length, Transport transport, InetAddress client, Consumer<byte[]> later) {
    if (queryLog == null) {
      return answer(packet, length, transport, client, later, QueryLog.Entry.UNLOGGED);
    }
    QueryLog.Entry entry = queryLog.start(packet, length, transport, client);
    Consumer<byte[]> logged =
        reply -> {
          entry.from(QueryLog.Source.UPSTREAM);
          entry.answered(reply);
          later.accept(reply);
        };
    Optional<byte[]> now = answer(packet, length, transport, client, logged, entry);
    now.ifPresent(entry::answered);
    return now;
  }

  /** {@link #handle}, telling {@code entry} where the answer came from. */
  private Optional<byte[]> answer(
      byte[] packet,
      int length,
      Transport transport,
      InetAddress client,
      Consumer<byte[]> later,
      QueryLog.Entry entry) {
    if (length < Header.LENGTH) {
      return Optional.empty();
    }
    int flags = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
    if ((flags & 0x8000) != 0) {
      return Optional.empty(); // a response: answering it could start a loop between servers
    }
    if (rateLimit != null && client != null && transport == Transport.UDP) {
      switch (rateLimit.decide(client)) {
        case DROP -> {
          counters.rateLimited(false);
          return Optional.empty();
        }
        case SLIP -> {
          counters.rateLimited(true);
          return Optional.of(WireReplies.slip(packet, length));
        }
        case SEND -> {}
      }
    }
    RegistrySnapshot snapshot = snapshots.get();
    // One lookup for both kinds of kept reply: the zone's (good for any client while the snapshot
    // lasts) and forwarded ones (only for clients that may recurse, while their answer is fresh).
    ReplyCache.Entry cached = cache.find(snapshot.version(), transport, packet, length);
    if (cached != null && !cached.forwarded()) {
      cached.counter().increment();
      entry.from(QueryLog.Source.CACHE);
      return Optional.of(cached.replyTo(packet));
    }
    if (cached != null && forwarded != null) {
      Optional<byte[]> kept = forwarded.kept(cached, packet, client, snapshot);
      if (kept.isPresent()) {
        entry.from(QueryLog.Source.CACHE);
        return kept;
      }
    }
    Message query;
    try {
      query = new Message(ByteBuffer.wrap(packet, 0, length));
    } catch (IOException | RuntimeException e) {
      counters.count(-1, Rcode.FORMERR);
      return Optional.of(WireReplies.headerOnly(packet, Rcode.FORMERR));
    }
    if (forwarded != null && forwarded.takes(query, snapshot)) {
      return forwarded.answer(query, transport, client, snapshot, packet, length, later);
    }
    ReplyCache.Entry reply = reply(query, transport, snapshot);
    cache.put(snapshot.version(), transport, packet, length, reply);
    reply.counter().increment();
    return Optional.of(reply.reply());
  }

  /** Stops logging questions, if it did. */
  void close() {
    if (queryLog != null) {
      queryLog.close();
    }
  }

  /** What this handler has answered, by question type and rcode. */
  public QueryCounters counters() {
    return counters;
  }

  /** Without a forwarder every reply is immediate. */
  private static void neverLater(byte[] reply) {
    throw new IllegalStateException("a reply came later without a forwarder");
  }

  /** The wire form of a reply and the counter it counts in; the caller counts each one given. */
  ReplyCache.Entry encode(Message response, Message query, Transport transport) {
    Record question = query.getQuestion();
    byte[] wire = response.toWire(maxLength(Optional.ofNullable(query.getOPT()), transport));
    return new ReplyCache.Entry(
        wire, counters.counter(question == null ? -1 : question.getType(), response.getRcode()));
  }

  /** The encoded reply and the counter it counts in; the caller counts each answer given. */
  private ReplyCache.Entry reply(Message query, Transport transport, RegistrySnapshot snapshot) {
    return encode(respond(query, snapshot), query, transport);
  }

  private Message respond(Message query, RegistrySnapshot snapshot) {
    Header header = query.getHeader();
    if (header.getOpcode() != Opcode.QUERY) {
      return error(query, Rcode.NOTIMP, null);
    }
    if (header.getCount(Section.QUESTION) != 1 || !sectionsComplete(query)) {
      return error(query, Rcode.FORMERR, null);
    }
    Optional<OPTRecord> opt;
    try {
      opt = singleOpt(query);
    } catch (IllegalArgumentException malformedEdns) {
      return error(query, Rcode.FORMERR, null);
    }
    if (opt.isPresent() && opt.get().getVersion() > 0) {
      return error(query, Rcode.BADVERS, opt.get());
    }
    Record question = query.getQuestion();
    int type = question.getType();
    if (question.getDClass() != DClass.IN || type == Type.AXFR || type == Type.IXFR) {
      return error(query, Rcode.REFUSED, opt.orElse(null));
    }
    Message response = newResponse(query, opt.orElse(null));
    if (forwarded != null) {
      response.getHeader().setFlag(Flags.RA); // this server recurses (for the clients it allows)
    }
    zone.answer(question, snapshot, response);
    return response;
  }

  /**
   * Whether every section holds as many records as the header counts. dnsjava stops parsing quietly
   * at the end of a message with TC set, so a short query can parse with records missing.
   */
  static boolean sectionsComplete(Message query) {
    for (int section : SECTIONS) {
      if (query.getSection(section).size() != query.getHeader().getCount(section)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The query's OPT record, if any; more than one, one outside additional, or one whose owner is
   * not the root name (RFC 6891 section 6.1.2) is malformed.
   */
  static Optional<OPTRecord> singleOpt(Message query) {
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : query.getSection(section)) {
        if (r.getType() == Type.OPT) {
          throw new IllegalArgumentException("OPT outside the additional section");
        }
      }
    }
    OPTRecord found = null;
    for (Record r : query.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.OPT) {
        if (found != null) {
          throw new IllegalArgumentException("more than one OPT record");
        }
        if (!r.getName().equals(Name.root)) {
          throw new IllegalArgumentException("OPT owner is not the root name");
        }
        found = (OPTRecord) r;
      }
    }
    return Optional.ofNullable(found);
  }

  static int maxLength(Optional<OPTRecord> opt, Transport transport) {
    if (transport == Transport.TCP) {
      return TCP_MAX;
    }
    return opt.map(o -> Math.max(PLAIN_UDP_PAYLOAD, Math.min(o.getPayloadSize(), EDNS_PAYLOAD)))
        .orElse(PLAIN_UDP_PAYLOAD);
  }

  /** A reply carrying the query's id, question and RD/CD flags, and our OPT when it had one. */
  static Message newResponse(Message query, OPTRecord queryOpt) {
    Header qh = query.getHeader();
    Message response = new Message(qh.getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (qh.getFlag(Flags.CD)) {
      h.setFlag(Flags.CD);
    }
    Record question = query.getQuestion();
    if (question != null && qh.getCount(Section.QUESTION) == 1) {
      response.addRecord(question, Section.QUESTION);
    }
    if (queryOpt != null) {
      response.addRecord(ourOpt(queryOpt, 0), Section.ADDITIONAL);
    }
    return response;
  }

  static Message error(Message query, int rcode, OPTRecord queryOpt) {
    Message response = newResponse(query, null);
    // Extended rcodes (BADVERS = 16) keep their low 4 bits in the header, the rest in the OPT.
    response.getHeader().setRcode(rcode & 0xF);
    if (queryOpt != null) {
      response.addRecord(ourOpt(queryOpt, rcode >>> 4), Section.ADDITIONAL);
    }
    return response;
  }

  private static OPTRecord ourOpt(OPTRecord queryOpt, int extendedRcode) {
    // We sign nothing, but RFC 3225 asks that DO be copied from the query.
    int flags = queryOpt.getFlags() & ExtendedFlags.DO;
    return new OPTRecord(EDNS_PAYLOAD, extendedRcode, 0, flags);
  }
}
