package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.ContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

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

  /** A burst over real UDP: a few full answers, empty truncated ones, the rest dropped; counted. */
  @Test
  void a_udp_burst_past_the_limit_gets_truncated_replies_and_drops_while_tcp_answers()
      throws IOException {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));
    DnsServerConfig config =
        DnsServerConfig.builder().bind(ip("127.0.0.1"), 0).rateLimit(5).build();
    try (DnsServer server =
            DnsServer.start(config, new Resolver(NamingConfig.DEFAULT), registry::snapshot);
        DatagramSocket socket = new DatagramSocket()) {
      byte[] query = Queries.query("web.docker.", Type.A).toWire();
      InetSocketAddress target = new InetSocketAddress(ip("127.0.0.1"), server.port());
      for (int i = 0; i < 40; i++) {
        socket.send(new DatagramPacket(query, query.length, target));
      }
      int answered = 0;
      int truncated = 0;
      socket.setSoTimeout(500);
      try {
        while (true) {
          DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
          socket.receive(in);
          Message reply = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
          if (reply.getHeader().getFlag(Flags.TC)) {
            assertThat(reply.getSection(Section.ANSWER)).isEmpty();
            assertThat(in.getLength()).isLessThanOrEqualTo(query.length);
            truncated++;
          } else {
            answered++;
          }
        }
      } catch (SocketTimeoutException allReceived) {
        // nothing more is coming
      }

      assertThat(answered).isBetween(5, 7); // the budget, and what refilled during the burst
      assertThat(truncated).isGreaterThan(10);
      assertThat(answered + truncated).isLessThan(40);
      assertThat(server.counters().rateLimitSlipped()).isEqualTo(truncated);
      assertThat(server.counters().rateLimitDropped()).isEqualTo(40 - answered - truncated);
      MeterRegistry meters = new SimpleMeterRegistry();
      server.counters().bindTo(meters);
      assertThat(
              meters
                  .get("dockerdns.dns.rate.limited")
                  .tag("action", "slip")
                  .functionCounter()
                  .count())
          .isEqualTo(truncated);
      Dig overTcp = Dig.query(server.port(), "+tcp", "web.docker");
      assertThat(overTcp.status()).isEqualTo("NOERROR");
      assertThat(overTcp.answer()).hasSize(1);
    }
  }
}
