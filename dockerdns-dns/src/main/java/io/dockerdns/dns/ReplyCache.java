package io.dockerdns.dns;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replies already encoded for the current registry snapshot. A reply depends only on the query's
 * bytes after its id, the transport and the snapshot, so the same question asked again (as
 * resolvers and load do) gets the stored bytes with its own id written in: no parsing, resolving or
 * encoding. A new snapshot starts an empty cache, so an answer is never older than the registry.
 */
final class ReplyCache {

  /** Beyond this many distinct questions per snapshot (random names, say), it starts over. */
  static final int MAX_ENTRIES = 8192;

  private static final int ID_BYTES = 2;

  /** A reply's bytes, and what it counts as in the query counters. */
  static final class Entry {
    private final byte[] reply;
    private final int type;
    private final int rcode;

    Entry(byte[] reply, int type, int rcode) {
      this.reply = reply;
      this.type = type;
      this.rcode = rcode;
    }

    byte[] reply() {
      return reply;
    }

    int type() {
      return type;
    }

    int rcode() {
      return rcode;
    }
  }

  private record Generation(long version, Map<Key, Entry> entries) {}

  private volatile Generation current = new Generation(-1, new ConcurrentHashMap<>());

  /** The reply stored for this query under {@code version}, with the query's id; or null. */
  Entry find(long version, Transport transport, byte[] packet, int length) {
    Generation generation = current;
    if (generation.version() != version) {
      return null;
    }
    Entry entry = generation.entries().get(new Key(transport, packet, length));
    if (entry == null) {
      return null;
    }
    byte[] reply = entry.reply().clone();
    reply[0] = packet[0];
    reply[1] = packet[1];
    return new Entry(reply, entry.type(), entry.rcode());
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
