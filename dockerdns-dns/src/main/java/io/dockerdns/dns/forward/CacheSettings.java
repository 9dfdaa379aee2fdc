package io.dockerdns.dns.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * How forwarded answers are kept.
 *
 * @param size the most answers kept; the least used go first (0 keeps none)
 * @param minTtl the least time an answer is kept, in seconds, whatever its TTL says
 * @param maxTtl the most time an answer is kept before it is asked again, in seconds
 * @param serveStale answer from expired data when every upstream fails (RFC 8767)
 * @param staleAnswerTtl the TTL given to such an answer, in seconds
 * @param staleMaxAge how long expired data is kept for that
 */
public record CacheSettings(
    int size,
    int minTtl,
    int maxTtl,
    boolean serveStale,
    int staleAnswerTtl,
    Duration staleMaxAge) {

  /** 10,000 answers, TTLs as the upstream says up to a day, stale answers for a day at TTL 30. */
  public static final CacheSettings DEFAULT =
      new CacheSettings(10_000, 0, 86_400, true, 30, Duration.ofDays(1));

  /** The largest TTL a setting may give: a week. */
  public static final int MAX_TTL = 604_800;

  public CacheSettings {
    if (size < 0) {
      throw new IllegalArgumentException("cache size " + size + " is negative");
    }
    if (minTtl < 0 || minTtl > MAX_TTL) {
      throw new IllegalArgumentException("cache minimum TTL " + minTtl + " is not 0-" + MAX_TTL);
    }
    if (maxTtl < minTtl || maxTtl > MAX_TTL) {
      throw new IllegalArgumentException(
          "cache maximum TTL "
              + maxTtl
              + " is not from the minimum ("
              + minTtl
              + ") to "
              + MAX_TTL);
    }
    if (staleAnswerTtl < 1 || staleAnswerTtl > MAX_TTL) {
      throw new IllegalArgumentException(
          "stale answer TTL " + staleAnswerTtl + " is not 1-" + MAX_TTL);
    }
    Objects.requireNonNull(staleMaxAge, "staleMaxAge");
    if (staleMaxAge.isNegative()) {
      throw new IllegalArgumentException("stale data age " + staleMaxAge + " is negative");
    }
  }

  public CacheSettings withSize(int newSize) {
    return new CacheSettings(newSize, minTtl, maxTtl, serveStale, staleAnswerTtl, staleMaxAge);
  }

  public CacheSettings withTtlBounds(int newMin, int newMax) {
    return new CacheSettings(size, newMin, newMax, serveStale, staleAnswerTtl, staleMaxAge);
  }

  public CacheSettings withServeStale(boolean on) {
    return new CacheSettings(size, minTtl, maxTtl, on, staleAnswerTtl, staleMaxAge);
  }

  /** A TTL within the bounds. */
  long bounded(long ttl) {
    return Math.max(minTtl, Math.min(maxTtl, ttl));
  }
}
