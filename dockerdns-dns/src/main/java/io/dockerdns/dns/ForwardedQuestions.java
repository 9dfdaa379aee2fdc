package io.dockerdns.dns;

import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.dns.forward.ForwardedAnswer;
import io.dockerdns.dns.forward.Forwarder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The query handler's side of forwarding: which questions go to the {@link Forwarder}, who may have
 * them answered, and the forwarded replies kept encoded, in the handler's reply cache beside the
 * zone's but marked: a kept forwarded reply is given only to a client that may recurse, and only
 * while its answer is fresh, its TTLs counted down.
 */
final class ForwardedQuestions {

  /** How the handler encodes and counts a reply. */
  interface Encoder {
    ReplyCache.Entry encode(Message response, Message query, Transport transport);
  }

  private final Forwarder forwarder;
  private final Encoder encoder;
  private final LongSupplier nanoClock;
  private final ReplyCache replies;

  ForwardedQuestions(
      Forwarder forwarder, Encoder encoder, ReplyCache replies, LongSupplier nanoClock) {
    this.forwarder = forwarder;
    this.encoder = encoder;
    this.replies = replies;
    this.nanoClock = nanoClock;
  }

  /** How long the forwarder may take at most. */
  Duration deadline() {
    return forwarder.config().deadline();
  }

  /**
   * The kept forwarded reply {@code kept} for this query, its TTLs counted down, while its answer
   * is fresh and for a client that may recurse; empty otherwise.
   */
  Optional<byte[]> kept(
      ReplyCache.Entry kept, byte[] packet, InetAddress client, RegistrySnapshot snapshot) {
    long now = nanoClock.getAsLong();
    if (!kept.isValidAt(now) || !forwarder.allows(client, snapshot)) {
      return Optional.empty();
    }
    kept.counter().increment();
    forwarder.countCacheHit();
    return Optional.of(kept.replyTo(packet, now));
  }

  /**
   * Whether the question goes upstream: a well-formed IN query (the checks of {@link QueryHandler}
   * pass) whose name the forwarder takes.
   */
  boolean takes(Message query, RegistrySnapshot snapshot) {
    Record question = query.getQuestion();
    return question != null
        && query.getHeader().getOpcode() == Opcode.QUERY
        && query.getHeader().getCount(Section.QUESTION) == 1
        && question.getDClass() == DClass.IN
        && question.getType() != Type.AXFR
        && question.getType() != Type.IXFR
        && QueryHandler.sectionsComplete(query)
        && validOpt(query)
        && forwarder.forwards(question.getName(), snapshot);
  }

  private static boolean validOpt(Message query) {
    try {
      return QueryHandler.singleOpt(query).map(o -> o.getVersion() == 0).orElse(true);
    } catch (IllegalArgumentException malformedEdns) {
      return false;
    }
  }

  private void keep(
      long version,
      Transport transport,
      byte[] key,
      int length,
      ReplyCache.Entry reply,
      ForwardedAnswer answer) {
    ReplyCache.CountingDown kept;
    try {
      kept =
          new ReplyCache.CountingDown(
              reply.reply(),
              reply.counter(),
              answer.storedNanos(),
              answer.ageSeconds(),
              answer.freshUntilNanos());
    } catch (IllegalArgumentException unreadable) {
      return; // our own encoding, so never; the reply still goes out, only not kept
    }
    replies.put(version, transport, key, length, kept);
  }

  /**
   * The reply to the client's query carrying the forwarder's answer: our header (RA: we recursed),
   * AD only when the upstream set it and the client asked for DNSSEC (RFC 6840 section 5.8).
   */
  private static Message forwarded(Message query, Message content) {
    OPTRecord opt = query.getOPT();
    Message response = QueryHandler.newResponse(query, opt);
    Header h = response.getHeader();
    h.setFlag(Flags.RA);
    h.setRcode(content.getRcode() & 0xF);
    boolean askedForDnssec =
        query.getHeader().getFlag(Flags.AD)
            || (opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0);
    if (content.getHeader().getFlag(Flags.AD) && askedForDnssec) {
      h.setFlag(Flags.AD);
    }
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record r : content.getSection(section)) {
        response.addRecord(r, section);
      }
    }
    return response;
  }

  /**
   * Answers a question for the forwarder: REFUSED at once for a client that may not recurse, else
   * through {@code later} when the forwarder has the answer. Such replies never enter the zone's
   * reply cache (whether to forward depends on the client, not only on the bytes); the forwarded
   * ones are kept apart, encoded, for as long as their answer is fresh (their TTLs counted down in
   * the bytes), and given only to clients that may recurse.
   */
  Optional<byte[]> answer(
      Message query,
      Transport transport,
      InetAddress client,
      RegistrySnapshot snapshot,
      byte[] packet,
      int length,
      Consumer<byte[]> later) {
    if (!forwarder.allows(client, snapshot)) {
      forwarder.countRefused();
      ReplyCache.Entry refused =
          encoder.encode(
              QueryHandler.error(query, Rcode.REFUSED, query.getOPT()), query, transport);
      refused.counter().increment();
      return Optional.of(refused.reply());
    }
    byte[] key = Arrays.copyOf(packet, length); // the caller reuses the packet meanwhile
    long version = snapshot.version();
    var unused =
        forwarder
            .resolve(query)
            .thenAccept(
                answer -> {
                  ReplyCache.Entry reply =
                      encoder.encode(forwarded(query, answer.content()), query, transport);
                  reply.counter().increment();
                  if (answer.reusableAt(nanoClock.getAsLong())) {
                    keep(version, transport, key, length, reply, answer);
                  }
                  later.accept(reply.reply());
                });
    return Optional.empty();
  }
}
