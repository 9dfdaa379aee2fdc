package io.dockerdns.dns.forward;

import org.xbill.DNS.Message;

/**
 * What the forwarder answers a question with.
 *
 * @param content the rcode, the AD flag and the records, without question or OPT
 * @param unchangedUntilNanos until when ({@link System#nanoTime()}) the same question gets exactly
 *     this content: the next second of a cached answer's age, when its TTLs drop. Earlier than now
 *     for content that must not be reused (stale data, SERVFAIL)
 */
public record ForwardedAnswer(Message content, long unchangedUntilNanos) {

  /** Content given once, never reused. */
  static ForwardedAnswer once(Message content) {
    return new ForwardedAnswer(content, Long.MIN_VALUE);
  }

  /** Whether the content may be given again at {@code nanos}. */
  public boolean unchangedAt(long nanos) {
    return unchangedUntilNanos != Long.MIN_VALUE && unchangedUntilNanos - nanos > 0;
  }
}
