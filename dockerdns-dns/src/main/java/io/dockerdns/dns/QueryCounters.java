package io.dockerdns.dns;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Answers given, counted by question type and rcode, and UDP replies the rate limit held back;
 * cheap to bump from every worker (a {@link LongAdder} each, kept by the reply cache's entries).
 * Bound to a metrics registry, each count is a meter there: {@code dockerdns_dns_queries_total
 * {type, rcode}} and {@code dockerdns_dns_rate_limited_total{action}}, a new (type, rcode) pair
 * registered as it first occurs. A query type is a label only when it is one dnsjava knows by name;
 * every other of the 65,536 is {@code other}, so a client cannot grow the metrics without bound by
 * asking for types nobody uses.
 */
public final class QueryCounters implements MeterBinder {

  private static final String QUERIES = "dockerdns.dns.queries";
  private static final String OTHER = "other";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder slipped = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  void count(int type, int rcode) {
    counter(type, rcode).increment();
  }

  /** A UDP reply held back by the rate limit: sent empty with TC=1 ({@code slipped}) or not. */
  void rateLimited(boolean slip) {
    (slip ? slipped : dropped).increment();
  }

  /** The counter for one question type ({@code -1}: none) and rcode, for callers to keep. */
  LongAdder counter(int type, int rcode) {
    String typeName = type < 0 ? "-" : typeLabel(type);
    String rcodeName = Rcode.string(rcode);
    return counts.computeIfAbsent(
        typeName + '/' + rcodeName,
        k -> {
          LongAdder count = new LongAdder();
          registries.forEach(r -> register(r, typeName, rcodeName, count));
          return count;
        });
  }

  /** The label for a question type: its name when known, {@code other} for the rest. */
  static String typeLabel(int type) {
    String name = Type.string(type);
    // dnsjava names a type it does not know "TYPE" followed by its number (RFC 3597).
    return name.startsWith("TYPE") ? OTHER : name;
  }

  /** The count for one type and rcode ({@code "A"}, {@code "NOERROR"}); 0 when none. */
  public long get(String type, String rcode) {
    LongAdder n = counts.get(type + '/' + rcode);
    return n == null ? 0 : n.sum();
  }

  /** UDP replies the rate limit turned into empty truncated ones. */
  public long rateLimitSlipped() {
    return slipped.sum();
  }

  /** UDP replies the rate limit dropped. */
  public long rateLimitDropped() {
    return dropped.sum();
  }

  @Override
  public synchronized void bindTo(MeterRegistry meters) {
    registries.add(meters);
    counts.forEach(
        (key, count) -> {
          int slash = key.indexOf('/');
          register(meters, key.substring(0, slash), key.substring(slash + 1), count);
        });
    for (String action : new String[] {"slip", "drop"}) {
      FunctionCounter.builder(
              "dockerdns.dns.rate.limited",
              action.equals("slip") ? slipped : dropped,
              LongAdder::doubleValue)
          .tag("action", action)
          .description(
              "UDP replies past a client prefix's rate limit: slip (sent empty with TC=1) or drop.")
          .register(meters);
    }
  }

  private static void register(MeterRegistry meters, String type, String rcode, LongAdder count) {
    FunctionCounter.builder(QUERIES, count, LongAdder::doubleValue)
        .tags("type", type, "rcode", rcode)
        .description("DNS queries answered, by question type and rcode.")
        .register(meters);
  }
}
