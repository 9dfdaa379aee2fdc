package io.dockerdns.dns.forward;

import org.xbill.DNS.Message;

/**
 * What the forwarder answers a question with.
 *
 * @param content the rcode, the AD flag and the records, without question or OPT; their TTLs
 *     lowered by {@code ageSeconds}
 * @param storedNanos when ({@link System#nanoTime()}) the answer was stored: its age counts in
 *     whole seconds from then
 * @param ageSeconds the age the content's TTLs were lowered by
 * @param freshUntilNanos until when the same question gets this content with its TTLs lowered by
 *     the age alone (the cached answer's expiry); {@link Long#MIN_VALUE} for content that must not
 *     be reused (stale data, SERVFAIL, an answer the cache did not keep)
 */
public record ForwardedAnswer(
    Message content, long storedNanos, long ageSeconds, long freshUntilNanos) {

  /** Content given once, never reused. */
  static ForwardedAnswer once(Message content) {
    return new ForwardedAnswer(content, 0, 0, Long.MIN_VALUE);
  }

  /** Whether the content, its TTLs counted down, may be given again at {@code nanos}. */
  public boolean reusableAt(long nanos) {
    return freshUntilNanos != Long.MIN_VALUE && freshUntilNanos - nanos > 0;
  }
}
