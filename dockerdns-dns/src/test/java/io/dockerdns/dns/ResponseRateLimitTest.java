package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Response-rate limiting: amplification through an off-loopback server is bounded per prefix. */
class ResponseRateLimitTest {

  private final AtomicLong clock = new AtomicLong(1);
  private final ResponseRateLimit limit = new ResponseRateLimit(5, clock::get);

  private static InetAddress ip(String text) {
    return IpAddresses.require(text, "test");
  }

  private List<ResponseRateLimit.Decision> decide(String client, int times) {
    List<ResponseRateLimit.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      decisions.add(limit.decide(ip(client)));
    }
    return decisions;
  }

  @Test
  void a_prefix_gets_its_rate_then_every_second_reply_slips_and_the_rest_are_dropped() {
    List<ResponseRateLimit.Decision> burst = decide("192.0.2.1", 25);

    assertThat(burst.subList(0, 5)).containsOnly(ResponseRateLimit.Decision.SEND);
    assertThat(burst.subList(5, 25))
        .filteredOn(d -> d == ResponseRateLimit.Decision.SLIP)
        .hasSize(10);
    assertThat(burst.subList(5, 25))
        .filteredOn(d -> d == ResponseRateLimit.Decision.DROP)
        .hasSize(10);
  }

  @Test
  void the_prefix_shares_the_budget_and_other_prefixes_do_not() {
    decide("192.0.2.1", 5);

    assertThat(limit.decide(ip("192.0.2.200"))).isNotEqualTo(ResponseRateLimit.Decision.SEND);
    assertThat(limit.decide(ip("198.51.100.7"))).isEqualTo(ResponseRateLimit.Decision.SEND);
    decide("2001:db8:0:1::1", 5);
    assertThat(limit.decide(ip("2001:db8:0:ff::2"))).isNotEqualTo(ResponseRateLimit.Decision.SEND);
    assertThat(limit.decide(ip("2001:db8:0:100::1"))).isEqualTo(ResponseRateLimit.Decision.SEND);
  }

  @Test
  void the_budget_refills_with_time() {
    decide("192.0.2.1", 20);
    clock.addAndGet(200_000_000L); // a fifth of a second: one reply's worth

    List<ResponseRateLimit.Decision> next = decide("192.0.2.1", 2);
    assertThat(next.get(0)).isEqualTo(ResponseRateLimit.Decision.SEND);
    assertThat(next.get(1)).isNotEqualTo(ResponseRateLimit.Decision.SEND);
    clock.addAndGet(5_000_000_000L);
    assertThat(decide("192.0.2.1", 5)).containsOnly(ResponseRateLimit.Decision.SEND);
  }

  @Test
  void on_by_default_off_loopback_only() {
    DnsServerConfig loopback = DnsServerConfig.DEFAULT;
    DnsServerConfig everywhere = DnsServerConfig.builder().bind(ip("0.0.0.0"), 53).build();

    assertThat(loopback.effectiveRateLimit()).isZero();
    assertThat(everywhere.effectiveRateLimit()).isEqualTo(DnsServerConfig.DEFAULT_RATE_LIMIT);
    assertThat(everywhere.toBuilder().rateLimit(0).build().effectiveRateLimit()).isZero();
    assertThat(loopback.toBuilder().rateLimit(7).build().effectiveRateLimit()).isEqualTo(7);
  }
}
