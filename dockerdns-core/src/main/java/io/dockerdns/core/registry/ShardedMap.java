package io.dockerdns.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An immutable hash map split into 4,096 small shards, reached through two levels of 64-slot
 * arrays. A change copies the shards it touches and the array above each, and shares everything
 * else with the map it came from: publishing a registry snapshot after one event copies a few dozen
 * entries, where a whole copy at 100,000 containers takes milliseconds.
 */
final class ShardedMap<K, V> {

  private static final int BITS = 6;
  private static final int WIDTH = 1 << BITS;
  private static final int MASK = WIDTH - 1;
  private static final ShardedMap<Object, Object> EMPTY =
      new ShardedMap<>(new Object[WIDTH], 0, false);
  private static final ShardedMap<Object, Object> EMPTY_OF_NAMES =
      new ShardedMap<>(new Object[WIDTH], 0, true);

  // top[i] is null or a "mid" array: Object[WIDTH + 1] whose first WIDTH slots are null or a
  // shard, and whose last slot is a byte[WIDTH] holding each shard's log2 capacity. A lookup reads
  // the capacity there, where the mid arrays (23 KB in all) stay in cache, rather than from the
  // shard's own length: the shard's header is then not on the way to the slot the key hashes to,
  // and at 100k containers the CPU fetches the two cache lines at once instead of one after the
  // other. Nothing reachable from a published map is ever changed; an Editor copies before it
  // writes.
  private final Object[] top;
  private final int size;
  private final boolean keysAsBytes;

  private ShardedMap(Object[] top, int size, boolean keysAsBytes) {
    this.top = top;
    this.size = size;
    this.keysAsBytes = keysAsBytes;
  }

  @SuppressWarnings("unchecked")
  static <K, V> ShardedMap<K, V> empty() {
    return (ShardedMap<K, V>) EMPTY;
  }

  /**
   * An empty map for the names DNS queries look up: it keeps a Latin-1 string key as its bytes
   * ({@link StoredKeys}), a copy that makes each lookup one memory load shorter. Maps read less
   * often (by id) keep the strings they are given, shared with the containers.
   */
  @SuppressWarnings("unchecked")
  static <K, V> ShardedMap<K, V> emptyOfNames() {
    return (ShardedMap<K, V>) EMPTY_OF_NAMES;
  }

  V get(K key) {
    return lookup(top, key);
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  void forEach(BiConsumer<? super K, ? super V> action) {
    forEachStored((key, value) -> action.accept((K) StoredKeys.load(key), (V) value));
  }

  /** Each value, without its key (which {@link #forEach} makes again from its stored form). */
  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<? super V> action) {
    forEachStored((key, value) -> action.accept((V) value));
  }

  private void forEachStored(BiConsumer<Object, Object> action) {
    for (Object mid : top) {
      if (mid != null) {
        for (int j = 0; j < WIDTH; j++) {
          Object shard = ((Object[]) mid)[j];
          if (shard != null) {
            Object[] slots = (Object[]) shard;
            for (int k = 1; k < slots.length; k += 2) {
              if (slots[k] != null) {
                action.accept(slots[k], slots[k + 1]);
              }
            }
          }
        }
      }
    }
  }

  /** An editor whose changes become a new map on {@link Editor#done()}; this one stays. */
  Editor<K, V> edit() {
    return new Editor<>(this);
  }

  /** A key's hash, from the key as given or as {@link StoredKeys kept}. */
  private static int spread(Object key) {
    int h = StoredKeys.hash(key);
    return h ^ (h >>> 16);
  }

  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // V is the map's value type
  private static <K, V> V lookup(Object[] top, K key) {
    int h = spread(key);
    Object[] mid = (Object[]) top[h & MASK];
    if (mid == null) {
      return null;
    }
    int j = (h >>> BITS) & MASK;
    Object[] shard = (Object[]) mid[j];
    if (shard == null) {
      return null;
    }
    int k = find(shard, 1 << capacityBits(mid)[j], key, h);
    return k < 0 ? null : (V) shard[k + 1];
  }

  private static byte[] capacityBits(Object[] mid) {
    return (byte[]) mid[WIDTH];
  }

  /** Puts {@code shard} (or null) at slot {@code j} of a writable mid array, with its capacity. */
  private static void setShard(Object[] mid, int j, Object[] shard) {
    mid[j] = shard;
    capacityBits(mid)[j] =
        (byte) (shard == null ? 0 : Integer.numberOfTrailingZeros(capacity(shard)));
  }

  /** How many entries a shard has room for, from its length (one count, then key-value pairs). */
  private static int capacity(Object[] shard) {
    return (shard.length - 1) >> 1;
  }

  /**
   * The index of {@code key} in a shard of {@code capacity} entries, or of the free slot where it
   * would go, minus one.
   */
  private static int find(Object[] shard, int capacity, Object key, int h) {
    for (int n = 0, i = (h >>> (2 * BITS)) & (capacity - 1); n < capacity; n++) {
      int k = 1 + 2 * i;
      Object present = shard[k];
      if (present == null) {
        return -k - 1;
      }
      if (StoredKeys.matches(present, key)) {
        return k;
      }
      i = (i + 1) & (capacity - 1);
    }
    return Integer.MIN_VALUE; // full: cannot happen, shards are at most half full
  }

  /** A new shard holding {@code entries} (key, value, key, value...), at most half full. */
  private static Object[] shardOf(List<Object> entries) {
    int count = entries.size() / 2;
    int capacity = 4;
    while (capacity < count * 2) {
      capacity <<= 1;
    }
    Object[] shard = new Object[1 + 2 * capacity];
    shard[0] = count;
    for (int e = 0; e < entries.size(); e += 2) {
      int k = -find(shard, capacity, entries.get(e), spread(entries.get(e))) - 1;
      shard[k] = entries.get(e);
      shard[k + 1] = entries.get(e + 1);
    }
    return shard;
  }

  private static List<Object> entriesOf(Object[] shard) {
    List<Object> entries = new ArrayList<>();
    for (int k = 1; k < shard.length; k += 2) {
      if (shard[k] != null) {
        entries.add(shard[k]);
        entries.add(shard[k + 1]);
      }
    }
    return entries;
  }

  /**
   * Changes to a map, copying each array and shard the first time it is touched. Single-threaded;
   * the map {@link #done()} returns is immutable and safe to share.
   */
  static final class Editor<K, V> {
    // The map's own top array until the first write, which copies it. An index a change does not
    // touch (most changes leave several alone) costs no copy at all.
    private Object[] top;
    private boolean[] midCopied;
    // One bit per shard position (top * WIDTH + mid): copied in this edit. 512 bytes, where a
    // boolean per shard made each edit allocate and clear 4 KB per index.
    private long[] shardCopied;
    private int size;
    private final boolean keysAsBytes;

    private Editor(ShardedMap<K, V> from) {
      this.top = from.top;
      this.size = from.size;
      this.keysAsBytes = from.keysAsBytes;
    }

    V get(K key) {
      return lookup(top, key);
    }

    void put(K key, V value) {
      int h = spread(key);
      Object[] shard = writable(h);
      int k = find(shard, capacity(shard), key, h);
      if (k >= 0) {
        shard[k + 1] = value;
        return;
      }
      int count = (Integer) shard[0];
      if ((count + 1) * 2 > capacity(shard)) {
        List<Object> entries = entriesOf(shard);
        entries.add(stored(key));
        entries.add(value);
        replace(h, shardOf(entries));
      } else {
        shard[-k - 1] = stored(key);
        shard[-k] = value;
        shard[0] = count + 1;
      }
      size++;
    }

    void remove(K key) {
      int h = spread(key);
      if (lookup(top, key) == null) {
        return;
      }
      // Open addressing cannot just clear a slot; the shard is small, so it is rebuilt.
      List<Object> entries = entriesOf(writable(h));
      for (int e = 0; e < entries.size(); e += 2) {
        if (StoredKeys.matches(entries.get(e), key)) {
          entries.remove(e + 1);
          entries.remove(e);
          break;
        }
      }
      replace(h, entries.isEmpty() ? null : shardOf(entries));
      size--;
    }

    /** Replaces the value of {@code key} by {@code change(value)}; a null result removes it. */
    void compute(K key, UnaryOperator<V> change) {
      V next = change.apply(get(key));
      if (next == null) {
        remove(key);
      } else {
        put(key, next);
      }
    }

    private Object stored(K key) {
      return keysAsBytes ? StoredKeys.store(key) : key;
    }

    ShardedMap<K, V> done() {
      return new ShardedMap<>(top, size, keysAsBytes);
    }

    /** The shard for hash {@code h}, copied on its first change in this edit. */
    private Object[] writable(int h) {
      int i = h & MASK;
      int j = (h >>> BITS) & MASK;
      Object[] mid = writableMid(i);
      if (mid[j] == null) {
        setShard(mid, j, shardOf(List.of()));
      } else if (!isCopied(i * WIDTH + j)) {
        mid[j] = ((Object[]) mid[j]).clone(); // same capacity
      }
      markCopied(i * WIDTH + j);
      return (Object[]) mid[j];
    }

    private void replace(int h, Object[] shard) {
      setShard(writableMid(h & MASK), (h >>> BITS) & MASK, shard);
      markCopied((h & MASK) * WIDTH + ((h >>> BITS) & MASK));
    }

    private boolean isCopied(int shard) {
      return (shardCopied[shard >>> 6] & (1L << shard)) != 0;
    }

    private void markCopied(int shard) {
      shardCopied[shard >>> 6] |= 1L << shard;
    }

    private Object[] writableMid(int i) {
      if (midCopied == null) {
        top = top.clone();
        midCopied = new boolean[WIDTH];
        shardCopied = new long[WIDTH * WIDTH / Long.SIZE];
      }
      if (!midCopied[i]) {
        Object[] mid;
        if (top[i] == null) {
          mid = new Object[WIDTH + 1];
          mid[WIDTH] = new byte[WIDTH];
        } else {
          mid = ((Object[]) top[i]).clone();
          mid[WIDTH] = capacityBits(mid).clone();
        }
        top[i] = mid;
        midCopied[i] = true;
      }
      return (Object[]) top[i];
    }
  }
}
