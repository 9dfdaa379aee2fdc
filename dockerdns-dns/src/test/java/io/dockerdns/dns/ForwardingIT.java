package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.dns.forward.AllowedClients;
import io.dockerdns.dns.forward.CacheSettings;
import io.dockerdns.dns.forward.ForwardZone;
import io.dockerdns.dns.forward.ForwardingConfig;
import io.dockerdns.dns.forward.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forwarding with real parts: dig asks dockerdns, which asks Debian's dnsmasq (authoritative for
 * example.test, logging every query) on loopback. What reached the upstream is read from its log.
 */
@Timeout(120)
class ForwardingIT {

  private final ContainerRegistry registry = new ContainerRegistry();

  /** The clock forwarded answers age by: moved by the tests, not waited out. */
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private AuthoritativeUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    registry.replaceAll(
        List.of(container("web").ip("bridge", "172.17.0.2").prefixLength("bridge", 16).build()));
    List<String> records = new ArrayList<>(List.of("www.example.test,192.0.2.10"));
    for (int i = 1; i <= 120; i++) {
      records.add("big.example.test,198.51.100." + i);
    }
    upstream =
        closeLater(AuthoritativeUpstream.serving("example.test", records.toArray(String[]::new)));
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closing.add(c);
    return c;
  }

  private DnsServer dockerdns(ForwardingConfig forwarding) {
    return dockerdns(
        DnsServerConfig.builder().bind(IpAddresses.require("127.0.0.1", "x"), 0), forwarding);
  }

  private DnsServer dockerdns(DnsServerConfig.Builder config, ForwardingConfig forwarding) {
    return closeLater(
        DnsServer.start(
            config.nxdomain(true).build(),
            new Resolver(NamingConfig.DEFAULT),
            registry::snapshot,
            forwarding,
            clock::get));
  }

  private static ForwardingConfig to(String... upstreams) {
    return ForwardingConfig.to(List.of(upstreams).stream().map(Upstream::parse).toList());
  }

  @Test
  void forwarded_answers_come_with_ra_and_repeats_from_the_cache_ttl_counting_down()
      throws Exception {
    DnsServer dns = dockerdns(to(upstream.address()));

    Dig first = Dig.query(dns.port(), "www.example.test");
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(2100));
    Dig second = Dig.query(dns.port(), "www.example.test");

    assertThat(first.status()).isEqualTo("NOERROR");
    assertThat(first.flags()).contains("ra");
    assertThat(first.answer()).containsExactly("www.example.test. 300 IN A 192.0.2.10");
    assertThat(second.answer()).hasSize(1);
    assertThat(second.answer().get(0)).isEqualTo("www.example.test. 298 IN A 192.0.2.10");
    assertThat(upstream.queriesFor("www.example.test")).isEqualTo(1);
  }

  /** A kept reply counts its TTL down with the clock until it expires, then is asked again. */
  @Test
  void a_kept_reply_counts_down_to_its_expiry_then_the_upstream_is_asked_again() throws Exception {
    DnsServer dns = dockerdns(to(upstream.address()));
    Dig.query(dns.port(), "www.example.test");
    List<String> seen = new ArrayList<>();
    for (long seconds : new long[] {1, 99, 150, 49}) { // ages 1, 100, 250, 299
      clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
      seen.add(Dig.query(dns.port(), "www.example.test").answer().get(0));
    }
    assertThat(upstream.queriesFor("www.example.test")).isEqualTo(1);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(1)); // age 300: expired

    Dig again = Dig.query(dns.port(), "www.example.test");

    assertThat(seen)
        .containsExactly(
            "www.example.test. 299 IN A 192.0.2.10",
            "www.example.test. 200 IN A 192.0.2.10",
            "www.example.test. 50 IN A 192.0.2.10",
            "www.example.test. 1 IN A 192.0.2.10");
    assertThat(again.answer()).containsExactly("www.example.test. 300 IN A 192.0.2.10");
    assertThat(upstream.queriesFor("www.example.test")).isEqualTo(2);
  }

  @Test
  void negative_answers_are_cached_with_the_soa() throws Exception {
    DnsServer dns = dockerdns(to(upstream.address()));

    Dig first = Dig.query(dns.port(), "nope.example.test");
    Dig second = Dig.query(dns.port(), "nope.example.test");

    assertThat(first.status()).isEqualTo("NXDOMAIN");
    assertThat(second.status()).isEqualTo("NXDOMAIN");
    assertThat(second.authority()).anyMatch(r -> r.contains(" SOA "));
    assertThat(upstream.queriesFor("nope.example.test")).isEqualTo(1);
  }

  @Test
  void a_split_zone_goes_to_its_own_server() throws Exception {
    AuthoritativeUpstream corp =
        closeLater(AuthoritativeUpstream.serving("corp.test", "intranet.corp.test,10.1.2.3"));
    DnsServer dns =
        dockerdns(
            to(upstream.address())
                .withZones(List.of(ForwardZone.parse("corp.test=" + corp.address()))));

    assertThat(Dig.query(dns.port(), "intranet.corp.test").answer())
        .containsExactly("intranet.corp.test. 300 IN A 10.1.2.3");
    assertThat(Dig.query(dns.port(), "www.example.test").answer()).hasSize(1);
    assertThat(upstream.queriesFor("intranet.corp.test")).isZero();
    assertThat(corp.queriesFor("www.example.test")).isZero();
  }

  @Test
  void a_hung_upstream_gets_stale_answers_served_and_servfail_for_the_unknown_in_time()
      throws Exception {
    DnsServer dns =
        dockerdns(to(upstream.address()).withCache(CacheSettings.DEFAULT.withTtlBounds(0, 1)));
    assertThat(Dig.query(dns.port(), "www.example.test").answer()).hasSize(1);
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1100)); // past its TTL of 1 s
    upstream.pause();

    Dig stale = Dig.query(dns.port(), "www.example.test");
    Dig never = Dig.query(dns.port(), "never.example.test");

    assertThat(stale.answer()).containsExactly("www.example.test. 30 IN A 192.0.2.10");
    assertThat(never.status()).isEqualTo("SERVFAIL");
    assertThat(never.queryMillis()).isLessThan(2500);
  }

  @Test
  void with_one_of_two_upstreams_hung_answers_stay_fast() throws Exception {
    AuthoritativeUpstream hung = closeLater(AuthoritativeUpstream.serving("example.test"));
    hung.pause();
    DnsServer dns = dockerdns(to(hung.address(), upstream.address()));

    // The first questions wait a try out on the hung server; then it is skipped.
    for (int i = 0; i < 3; i++) {
      assertThat(Dig.query(dns.port(), "n" + i + ".example.test").status()).isEqualTo("NXDOMAIN");
    }
    List<Long> times = new ArrayList<>();
    for (int i = 3; i < 8; i++) {
      Dig dig = Dig.query(dns.port(), "n" + i + ".example.test");
      assertThat(dig.status()).isEqualTo("NXDOMAIN");
      times.add(dig.queryMillis());
    }
    assertThat(times).allMatch(ms -> ms < 300, "well under a try's 800 ms");
  }

  @Test
  void with_one_of_two_upstreams_gone_answers_come_at_once() throws Exception {
    int nothingListens = AuthoritativeUpstream.freePort();
    DnsServer dns = dockerdns(to("127.0.0.1:" + nothingListens, upstream.address()));

    Dig dig = Dig.query(dns.port(), "www.example.test");

    assertThat(dig.answer()).hasSize(1);
    assertThat(dig.queryMillis()).isLessThan(300);
  }

  @Test
  void a_truncated_upstream_reply_is_asked_again_over_tcp() throws Exception {
    DnsServer dns = dockerdns(to(upstream.address()));

    Dig dig = Dig.query(dns.port(), "+tcp", "big.example.test");

    assertThat(dig.flags()).doesNotContain("tc");
    assertThat(dig.answer()).hasSize(120);
  }

  @Test
  void own_names_and_container_reverse_names_never_reach_the_upstream() throws Exception {
    DnsServer dns = dockerdns(to(upstream.address()));

    assertThat(Dig.query(dns.port(), "web.docker").answer()).hasSize(1);
    assertThat(Dig.query(dns.port(), "nothing.docker").status()).isEqualTo("NXDOMAIN");
    assertThat(Dig.query(dns.port(), "-x", "172.17.0.2").answer())
        .containsExactly("2.0.17.172.in-addr.arpa. 10 IN PTR web.docker.");
    assertThat(Dig.query(dns.port(), "-x", "172.17.9.9").status()).isEqualTo("NXDOMAIN");
    Dig.query(dns.port(), "-x", "192.0.2.10"); // outside every container network: asked

    assertThat(upstream.queries())
        .hasSize(1)
        .noneMatch(q -> q.contains("docker") || q.contains("17.172.in-addr.arpa"));
  }

  @Test
  void a_client_from_outside_is_refused_forwarded_names_and_answered_its_own() throws Exception {
    TestNamespace outside = closeLater(TestNamespace.create());
    DnsServer dns =
        dockerdns(
            DnsServerConfig.builder().bind(IpAddresses.require(outside.hostAddress(), "x"), 0),
            to(upstream.address()));

    Dig forwarded = Dig.from(outside.exec(), outside.hostAddress(), dns.port(), "www.example.test");
    Dig own = Dig.from(outside.exec(), outside.hostAddress(), dns.port(), "web.docker");

    assertThat(forwarded.status()).isEqualTo("REFUSED");
    assertThat(own.answer()).containsExactly("web.docker. 10 IN A 172.17.0.2");
    assertThat(upstream.queries()).isEmpty();
  }

  @Test
  void a_client_in_an_allowed_block_is_answered() throws Exception {
    TestNamespace outside = closeLater(TestNamespace.create());
    DnsServer dns =
        dockerdns(
            DnsServerConfig.builder().bind(IpAddresses.require(outside.hostAddress(), "x"), 0),
            to(upstream.address())
                .withAllowedClients(
                    AllowedClients.parse(List.of(outside.clientAddress() + "/32"))));

    Dig forwarded = Dig.from(outside.exec(), outside.hostAddress(), dns.port(), "www.example.test");

    assertThat(forwarded.answer()).containsExactly("www.example.test. 300 IN A 192.0.2.10");
  }
}
