package io.dockerdns.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a {@link ShardedMap} of names keeps its keys. A string of Latin-1 characters (every name and
 * image key the registry files, in practice) is kept as its bytes: a probe then reads the key's
 * characters straight from the array the shard points to, where a {@code String} is one more object
 * to reach first. At 100,000 containers those objects are far apart in memory and each is a cache
 * miss, most of what a lookup costs. Any other key is kept as it is.
 */
final class StoredKeys {

  private static final int LATIN_1_MAX = 0xFF;

  private StoredKeys() {}

  /** What the map keeps for {@code key}. */
  static Object store(Object key) {
    if (key instanceof String s) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) > LATIN_1_MAX) {
          return key;
        }
      }
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    return key;
  }

  /** The key as it was given, from what the map keeps. */
  static Object load(Object stored) {
    return stored instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : stored;
  }

  /** The hash of the key as it was given ({@link String#hashCode()} for the bytes of one). */
  static int hash(Object storedOrKey) {
    if (storedOrKey instanceof byte[] bytes) {
      int h = 0;
      for (byte b : bytes) {
        h = 31 * h + (b & LATIN_1_MAX);
      }
      return h;
    }
    return storedOrKey.hashCode();
  }

  /** Whether what the map keeps is {@code storedOrKey}: a key as given, or as kept. */
  static boolean matches(Object stored, Object storedOrKey) {
    if (stored instanceof byte[] bytes) {
      if (storedOrKey instanceof String s) {
        return sameCharacters(bytes, s);
      }
      return storedOrKey instanceof byte[] other && Arrays.equals(bytes, other);
    }
    return stored.equals(storedOrKey);
  }

  private static boolean sameCharacters(byte[] bytes, String s) {
    if (bytes.length != s.length()) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if ((bytes[i] & LATIN_1_MAX) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
