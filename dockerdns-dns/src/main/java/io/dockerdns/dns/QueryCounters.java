package io.dockerdns.dns;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Answers given, counted by question type and rcode; cheap to bump from every worker. */
public final class QueryCounters {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder slipped = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** A UDP reply held back by the rate limit: sent empty with TC=1 ({@code slipped}) or not. */
  void rateLimited(boolean slip) {
    (slip ? slipped : dropped).increment();
  }

  /** UDP replies the rate limit turned into empty truncated ones. */
  public long rateLimitSlipped() {
    return slipped.sum();
  }

  /** UDP replies the rate limit dropped. */
  public long rateLimitDropped() {
    return dropped.sum();
  }

  void count(int type, int rcode) {
    counter(type, rcode).increment();
  }

  /** The counter for one question type ({@code -1}: none) and rcode, for callers to keep. */
  LongAdder counter(int type, int rcode) {
    String typeName = type < 0 ? "-" : Type.string(type);
    return counts.computeIfAbsent(typeName + '/' + Rcode.string(rcode), k -> new LongAdder());
  }

  /** The count for one type and rcode ({@code "A"}, {@code "NOERROR"}); 0 when none. */
  public long get(String type, String rcode) {
    LongAdder n = counts.get(type + '/' + rcode);
    return n == null ? 0 : n.sum();
  }

  /** The counters in Prometheus text format. */
  public String prometheus() {
    StringBuilder out = new StringBuilder();
    out.append(
        "# HELP dockerdns_dns_queries_total DNS queries answered, by question type and rcode.\n");
    out.append("# TYPE dockerdns_dns_queries_total counter\n");
    new TreeMap<>(counts)
        .forEach(
            (key, n) -> {
              int slash = key.indexOf('/');
              out.append("dockerdns_dns_queries_total{type=\"")
                  .append(key, 0, slash)
                  .append("\",rcode=\"")
                  .append(key.substring(slash + 1))
                  .append("\"} ")
                  .append(n.sum())
                  .append('\n');
            });
    out.append(
        "# HELP dockerdns_dns_rate_limited_total UDP replies past a client prefix's rate limit,"
            + " by what was done: slip (sent empty with TC=1) or drop.\n");
    out.append("# TYPE dockerdns_dns_rate_limited_total counter\n");
    out.append("dockerdns_dns_rate_limited_total{action=\"slip\"} ")
        .append(slipped.sum())
        .append('\n');
    out.append("dockerdns_dns_rate_limited_total{action=\"drop\"} ")
        .append(dropped.sum())
        .append('\n');
    return out.toString();
  }
}
