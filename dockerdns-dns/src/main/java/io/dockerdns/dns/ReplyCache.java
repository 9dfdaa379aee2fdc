package io.dockerdns.dns;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replies already encoded for the current registry snapshot. A reply depends only on the query's
 * bytes after its id, the transport and the snapshot, so the same question asked again (as
 * resolvers and load do) gets the stored bytes with its own id written in: no parsing, resolving or
 * encoding. A new snapshot starts an empty cache, so an answer is never older than the registry.
 */
final class ReplyCache {

  /**
   * Beyond this many distinct questions per snapshot (random names, say), it starts over. The
   * zone's and the forwarded replies share it.
   */
  static final int MAX_ENTRIES = 16384;

  private static final int ID_BYTES = 2;

  /**
   * A reply's bytes, and the counter it is counted in (by question type and rcode), looked up once
   * when the reply is made rather than on every answer.
   */
  static class Entry {
    private final byte[] reply;
    private final LongAdder counter;
    private final long validUntilNanos;

    /** A reply good for as long as its snapshot. */
    Entry(byte[] reply, LongAdder counter) {
      this(reply, counter, Long.MAX_VALUE);
    }

    /** A reply good until a time too: a forwarded answer, whose TTLs count down each second. */
    Entry(byte[] reply, LongAdder counter, long validUntilNanos) {
      this.reply = reply;
      this.counter = counter;
      this.validUntilNanos = validUntilNanos;
    }

    boolean isValidAt(long nanos) {
      return validUntilNanos == Long.MAX_VALUE || validUntilNanos - nanos > 0;
    }

    byte[] reply() {
      return reply;
    }

    /** This reply for {@code query}: a copy with the query's id. */
    byte[] replyTo(byte[] query) {
      byte[] copy = reply.clone();
      copy[0] = query[0];
      copy[1] = query[1];
      return copy;
    }

    /** Whether this is a forwarded reply: for clients that may recurse only. */
    boolean forwarded() {
      return false;
    }

    /** This reply for {@code query} at {@code nanos}: a forwarded one's TTLs count down. */
    byte[] replyTo(byte[] query, long nanos) {
      return replyTo(query);
    }

    LongAdder counter() {
      return counter;
    }
  }

  /**
   * A forwarded reply kept while its answer is fresh: given with its TTLs lowered by the whole
   * seconds the answer aged since it was encoded, patched in the bytes ({@link ReplyTtls}), so a
   * cache hit never decodes or encodes a message.
   */
  static final class CountingDown extends Entry {
    private static final long NANOS = 1_000_000_000L;

    private final int[] ttlOffsets;
    private final long ageBaseNanos;
    private final long encodedAge;

    /**
     * @param ageBaseNanos when the answer's age is counted from
     * @param encodedAge the age its TTLs in {@code reply} were lowered by
     * @param freshUntilNanos when it must be asked for again
     */
    CountingDown(
        byte[] reply, LongAdder counter, long ageBaseNanos, long encodedAge, long freshUntilNanos) {
      super(reply, counter, freshUntilNanos);
      this.ttlOffsets = ReplyTtls.offsets(reply);
      this.ageBaseNanos = ageBaseNanos;
      this.encodedAge = encodedAge;
    }

    @Override
    boolean forwarded() {
      return true;
    }

    @Override
    byte[] replyTo(byte[] query, long nanos) {
      byte[] copy = replyTo(query);
      ReplyTtls.lower(copy, ttlOffsets, (nanos - ageBaseNanos) / NANOS - encodedAge);
      return copy;
    }
  }

  private record Generation(long version, Map<Key, Entry> entries) {}

  private volatile Generation current = new Generation(-1, new ConcurrentHashMap<>());

  /** The reply stored for this query under {@code version} ({@link Entry#replyTo}); or null. */
  Entry find(long version, Transport transport, byte[] packet, int length) {
    Generation generation = current;
    if (generation.version() != version) {
      return null;
    }
    return generation.entries().get(new Key(transport, packet, length));
  }

  void put(long version, Transport transport, byte[] packet, int length, Entry entry) {
    Generation generation = current;
    if (generation.version() != version || generation.entries().size() >= MAX_ENTRIES) {
      if (generation.version() > version) {
        return; // answered from an older snapshot than the cache already holds
      }
      generation = new Generation(version, new ConcurrentHashMap<>());
      current = generation;
    }
    generation.entries().put(Key.copyOf(transport, packet, length), entry);
  }

  /** A query's bytes after its id, and the transport; hashed once. */
  private static final class Key {
    private final Transport transport;
    private final byte[] bytes;
    private final int length;
    private final int hash;

    Key(Transport transport, byte[] bytes, int length) {
      this.transport = transport;
      this.bytes = bytes;
      this.length = length;
      int h = transport.hashCode();
      for (int i = ID_BYTES; i < length; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
    }

    static Key copyOf(Transport transport, byte[] packet, int length) {
      return new Key(transport, Arrays.copyOf(packet, length), length);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key that
          && hash == that.hash
          && transport == that.transport
          && Arrays.equals(bytes, ID_BYTES, length, that.bytes, ID_BYTES, that.length);
    }
  }
}
