package io.dockerdns.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerCacheTest {

  private static final Name NAME = Name.fromConstantString("www.example.test.");
  private static final AnswerCache.Key KEY =
      new AnswerCache.Key(NAME, Type.A, DClass.IN, false, false);

  private final AtomicLong clock = new AtomicLong(5_000_000_000L);

  private AnswerCache cache(CacheSettings settings) {
    return new AnswerCache(settings, clock::get);
  }

  private static Message query() {
    return Message.newQuery(Record.newRecord(NAME, Type.A, DClass.IN));
  }

  private void advanceSeconds(long seconds) {
    clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  private static long ttl(Message m) {
    return m.getSection(Section.ANSWER).get(0).getTTL();
  }

  @Test
  void ttls_are_held_within_the_floor_and_the_ceiling() {
    AnswerCache cache = cache(CacheSettings.DEFAULT.withTtlBounds(60, 120));
    cache.put(KEY, FakeUpstream.answer(query(), "192.0.2.1", 5));
    AnswerCache.Key other =
        new AnswerCache.Key(Name.fromConstantString("b.test."), Type.A, 1, false, false);
    cache.put(other, FakeUpstream.answer(query(), "192.0.2.2", 3600));

    assertThat(ttl(cache.fresh(KEY).orElseThrow().content())).isEqualTo(60);
    assertThat(ttl(cache.fresh(other).orElseThrow().content())).isEqualTo(120);
    advanceSeconds(121);
    assertThat(cache.fresh(other)).isEmpty();
  }

  @Test
  void failures_and_truncated_replies_are_not_kept() {
    AnswerCache cache = cache(CacheSettings.DEFAULT);
    Message servfail = FakeUpstream.replyTo(query());
    servfail.getHeader().setRcode(Rcode.SERVFAIL);
    cache.put(KEY, servfail);
    assertThat(cache.fresh(KEY)).isEmpty();

    Message truncated = FakeUpstream.answer(query(), "192.0.2.1", 300);
    truncated.getHeader().setFlag(Flags.TC);
    cache.put(KEY, truncated);
    assertThat(cache.fresh(KEY)).isEmpty();
  }

  @Test
  void a_negative_answer_without_an_soa_is_not_kept() {
    AnswerCache cache = cache(CacheSettings.DEFAULT);
    Message nxdomain = FakeUpstream.replyTo(query());
    nxdomain.getHeader().setRcode(Rcode.NXDOMAIN);
    cache.put(KEY, nxdomain);

    assertThat(cache.fresh(KEY)).isEmpty();
  }

  @Test
  void answers_with_and_without_dnssec_records_are_kept_apart() {
    AnswerCache cache = cache(CacheSettings.DEFAULT);
    cache.put(KEY, FakeUpstream.answer(query(), "192.0.2.1", 300));

    assertThat(cache.fresh(new AnswerCache.Key(NAME, Type.A, DClass.IN, true, false))).isEmpty();
    assertThat(cache.fresh(new AnswerCache.Key(NAME, Type.AAAA, DClass.IN, false, false)))
        .isEmpty();
    assertThat(cache.fresh(KEY)).isPresent();
  }

  @Test
  void stale_data_is_dropped_after_its_maximum_age() {
    AnswerCache cache = cache(CacheSettings.DEFAULT);
    cache.put(KEY, FakeUpstream.answer(query(), "192.0.2.1", 300));
    advanceSeconds(300 + 86_400 - 10);
    assertThat(cache.stale(KEY)).isPresent();
    advanceSeconds(20);
    assertThat(cache.stale(KEY)).isEmpty();
  }

  @Test
  void a_ttl_change_keeps_the_case_of_names_in_the_data() {
    Record cname =
        Record.newRecord(NAME, Type.CNAME, DClass.IN, 300, new byte[] {3, 'W', 'e', 'B', 0});

    assertThat(AnswerCache.withTtl(cname, 7).rdataToString()).isEqualTo("WeB.");
    assertThat(AnswerCache.withTtl(cname, 7).getTTL()).isEqualTo(7);
  }
}
