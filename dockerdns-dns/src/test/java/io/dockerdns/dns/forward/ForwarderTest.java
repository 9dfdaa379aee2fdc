package io.dockerdns.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The forwarder against upstreams in this process that misbehave as scripted: what no real server
 * does on request (wrong ids, another port, garbage, silence at a chosen moment).
 */
@Timeout(30)
class ForwarderTest {

  private static final Name DOMAIN = Name.fromConstantString("docker.");
  private static final RegistrySnapshot EMPTY = new ContainerRegistry().snapshot();

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private FakeUpstream upstream(FakeUpstream.Script script) throws Exception {
    FakeUpstream upstream = new FakeUpstream(script);
    closing.add(upstream);
    return upstream;
  }

  private Forwarder forwarder(ForwardingConfig config) {
    Forwarder forwarder = Forwarder.start(config, List.of(DOMAIN), clock::get);
    closing.add(forwarder);
    return forwarder;
  }

  private static ForwardingConfig to(FakeUpstream... upstreams) {
    List<Upstream> list = new ArrayList<>();
    for (FakeUpstream u : upstreams) {
      list.add(u.upstream());
    }
    return ForwardingConfig.to(list).withTimes(Duration.ofMillis(300), Duration.ofMillis(1800));
  }

  private static Message query(String name) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
  }

  private static Message ask(Forwarder forwarder, String name) throws Exception {
    return forwarder.resolve(query(name)).get(5, TimeUnit.SECONDS).content();
  }

  private static List<String> addresses(Message reply) {
    return reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }

  private static List<Long> ttls(Message reply) {
    return reply.getSection(Section.ANSWER).stream().map(Record::getTTL).toList();
  }

  private void advanceSeconds(long seconds) {
    clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void a_cached_answer_is_given_without_asking_again_its_ttl_counting_down() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering("192.0.2.1"));
    Forwarder forwarder = forwarder(to(up));

    assertThat(addresses(ask(forwarder, "www.example.test."))).containsExactly("192.0.2.1");
    advanceSeconds(100);
    Message cached = ask(forwarder, "WWW.example.test.");

    assertThat(addresses(cached)).containsExactly("192.0.2.1");
    assertThat(ttls(cached)).containsExactly(200L);
    assertThat(up.queries()).isEqualTo(1);
  }

  @Test
  void replies_that_do_not_answer_the_question_are_dropped_and_the_wait_goes_on() throws Exception {
    FakeUpstream up =
        upstream(
            (query, client) -> {
              Message wrongId = FakeUpstream.answer(query, "198.51.100.1", 300);
              wrongId.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
              Message wrongQuestion = query("other.example.test.");
              wrongQuestion.getHeader().setID(query.getHeader().getID());
              Message wrongQuestionReply = FakeUpstream.answer(wrongQuestion, "198.51.100.2", 300);
              byte[] notAReply = query.toWire(); // QR clear
              byte[] garbage = {1, 2, 3, 4, 5};
              byte[] huge = new byte[60_000];
              huge[0] = (byte) (query.getHeader().getID() >>> 8);
              huge[1] = (byte) query.getHeader().getID();
              huge[2] = (byte) 0x80;
              return List.of(
                  garbage,
                  wrongId.toWire(),
                  wrongQuestionReply.toWire(),
                  notAReply,
                  huge,
                  FakeUpstream.answer(query, "192.0.2.7", 300).toWire());
            });
    Forwarder forwarder = forwarder(to(up));

    assertThat(addresses(ask(forwarder, "www.example.test."))).containsExactly("192.0.2.7");
    assertThat(forwarder.mismatchedReplies()).isEqualTo(5);
  }

  @Test
  void a_reply_from_another_port_never_reaches_the_question() throws Exception {
    DatagramSocket spoofer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    closing.add(spoofer);
    FakeUpstream up =
        upstream(
            (query, client) -> {
              try {
                // The spoofer knows the id and the port: only the source address is wrong. On
                // loopback the send has reached the question's socket (or been dropped) before
                // the real reply below is even sent.
                byte[] forged = FakeUpstream.answer(query, "203.0.113.66", 300).toWire();
                spoofer.send(new DatagramPacket(forged, forged.length, client));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return List.of(FakeUpstream.answer(query, "192.0.2.8", 300).toWire());
            });
    Forwarder forwarder = forwarder(to(up));

    assertThat(addresses(ask(forwarder, "www.example.test."))).containsExactly("192.0.2.8");
    assertThat(forwarder.mismatchedReplies())
        .as("dropped by the kernel (a connected socket), so never even seen as a mismatch")
        .isZero();
  }

  @Test
  void a_server_where_nothing_listens_is_passed_at_once() throws Exception {
    FakeUpstream closed = upstream(FakeUpstream.silent());
    Upstream dead = closed.upstream();
    closed.close(); // its port now answers ICMP port unreachable
    FakeUpstream up = upstream(FakeUpstream.answering("192.0.2.9"));
    Forwarder forwarder =
        forwarder(
            ForwardingConfig.to(List.of(dead, up.upstream()))
                .withTimes(Duration.ofSeconds(5), Duration.ofSeconds(10)));

    long started = System.nanoTime();
    assertThat(addresses(ask(forwarder, "www.example.test."))).containsExactly("192.0.2.9");

    // Far less than the 5 s a try may take: the refusal is seen, not waited out.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void a_silent_server_is_skipped_after_its_failures_and_probed_back() throws Exception {
    FakeUpstream silent = upstream(FakeUpstream.silent());
    FakeUpstream up = upstream(FakeUpstream.answering("192.0.2.10"));
    Forwarder forwarder = forwarder(to(silent, up));

    for (int i = 1; i <= 3; i++) {
      assertThat(addresses(ask(forwarder, "n" + i + ".example.test."))).contains("192.0.2.10");
    }
    assertThat(silent.queries()).isEqualTo(3);

    ask(forwarder, "n4.example.test.");
    assertThat(silent.queries()).as("down: only probes reach it").isLessThanOrEqualTo(4);
    silent.script(FakeUpstream.answering("192.0.2.11"));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!forwarder.isUp(silent.upstream()) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(forwarder.isUp(silent.upstream())).as("back after a probe").isTrue();
    assertThat(addresses(ask(forwarder, "n5.example.test."))).containsExactly("192.0.2.11");
  }

  @Test
  void when_every_server_fails_expired_data_is_served_then_servfail_in_time() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering("192.0.2.12"));
    Forwarder forwarder = forwarder(to(up));
    ask(forwarder, "www.example.test.");
    advanceSeconds(301);
    up.script(FakeUpstream.silent());

    Message stale = ask(forwarder, "www.example.test.");
    assertThat(addresses(stale)).containsExactly("192.0.2.12");
    assertThat(ttls(stale)).containsExactly(30L);

    long started = System.nanoTime();
    Message never = ask(forwarder, "never.example.test.");
    assertThat(never.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void without_serve_stale_an_expired_answer_is_servfail() throws Exception {
    FakeUpstream up = upstream(FakeUpstream.answering("192.0.2.13"));
    Forwarder forwarder = forwarder(to(up).withCache(CacheSettings.DEFAULT.withServeStale(false)));
    ask(forwarder, "www.example.test.");
    advanceSeconds(301);
    up.script(FakeUpstream.silent());

    assertThat(ask(forwarder, "www.example.test.").getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void negative_answers_are_kept_for_the_soa_negative_ttl() throws Exception {
    FakeUpstream up =
        upstream((query, client) -> List.of(FakeUpstream.nxdomain(query, 3600, 60).toWire()));
    Forwarder forwarder = forwarder(to(up));

    assertThat(ask(forwarder, "nope.example.test.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    advanceSeconds(59);
    assertThat(ask(forwarder, "nope.example.test.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(up.queries()).isEqualTo(1);
    advanceSeconds(2);
    ask(forwarder, "nope.example.test.");
    assertThat(up.queries()).as("asked again past min(SOA TTL, SOA minimum)").isEqualTo(2);
  }

  @Test
  void one_question_from_many_clients_at_once_goes_upstream_once() throws Exception {
    FakeUpstream up =
        upstream(
            (query, client) -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return List.of(FakeUpstream.answer(query, "192.0.2.14", 300).toWire());
            });
    Forwarder forwarder = forwarder(to(up));

    List<CompletableFuture<ForwardedAnswer>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      replies.add(forwarder.resolve(query("busy.example.test.")));
    }
    for (CompletableFuture<ForwardedAnswer> reply : replies) {
      assertThat(addresses(reply.get(5, TimeUnit.SECONDS).content())).containsExactly("192.0.2.14");
    }
    assertThat(up.queries()).isEqualTo(1);
  }

  /**
   * A validating upstream: a question with checking disabled gets the unvalidated (bogus) data, one
   * without gets SERVFAIL, as Unbound answers for a zone whose signatures fail.
   */
  private static FakeUpstream.Script validating(String bogus) {
    return (query, client) -> {
      if (query.getHeader().getFlag(Flags.CD)) {
        return List.of(FakeUpstream.answer(query, bogus, 300).toWire());
      }
      Message servfail = FakeUpstream.replyTo(query);
      servfail.getHeader().setRcode(Rcode.SERVFAIL);
      return List.of(servfail.toWire());
    };
  }

  private static Message checkingDisabled(Message query) {
    query.getHeader().setFlag(Flags.CD);
    return query;
  }

  @Test
  void an_answer_asked_with_checking_disabled_is_never_given_to_a_client_that_relies_on_it()
      throws Exception {
    FakeUpstream up = upstream(validating("203.0.113.66"));
    Forwarder forwarder = forwarder(to(up));

    Message unchecked =
        forwarder
            .resolve(checkingDisabled(query("bogus.example.test.")))
            .get(5, TimeUnit.SECONDS)
            .content();
    Message checked = ask(forwarder, "bogus.example.test.");

    assertThat(addresses(unchecked)).containsExactly("203.0.113.66");
    assertThat(checked.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(addresses(checked)).isEmpty();
    assertThat(up.queries()).as("the CD=0 question went upstream itself").isEqualTo(2);
    Message uncheckedAgain =
        forwarder
            .resolve(checkingDisabled(query("bogus.example.test.")))
            .get(5, TimeUnit.SECONDS)
            .content();
    assertThat(addresses(uncheckedAgain)).containsExactly("203.0.113.66");
    assertThat(up.queries()).as("the CD=1 answer stays cached for CD=1 clients").isEqualTo(2);
  }

  @Test
  void questions_in_flight_with_and_without_checking_disabled_are_not_joined() throws Exception {
    FakeUpstream.Script validating = validating("203.0.113.67");
    FakeUpstream up =
        upstream(
            (query, client) -> {
              try {
                Thread.sleep(200); // both questions are in flight together
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return validating.apply(query, client);
            });
    Forwarder forwarder = forwarder(to(up));

    CompletableFuture<ForwardedAnswer> unchecked =
        forwarder.resolve(checkingDisabled(query("joined.example.test.")));
    CompletableFuture<ForwardedAnswer> checked = forwarder.resolve(query("joined.example.test."));

    assertThat(checked.get(5, TimeUnit.SECONDS).content().getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(addresses(unchecked.get(5, TimeUnit.SECONDS).content()))
        .containsExactly("203.0.113.67");
    assertThat(up.queries()).isEqualTo(2);
  }

  @Test
  void past_the_in_flight_cap_a_question_gets_servfail_at_once() throws Exception {
    FakeUpstream silent = upstream(FakeUpstream.silent());
    Forwarder forwarder =
        forwarder(
            to(silent).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(5)).withMaxInFlight(2));
    CompletableFuture<ForwardedAnswer> first = forwarder.resolve(query("a.example.test."));
    CompletableFuture<ForwardedAnswer> second = forwarder.resolve(query("b.example.test."));

    long started = System.nanoTime();
    Message third = ask(forwarder, "c.example.test.");

    assertThat(third.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
  }

  @Test
  void the_upstream_is_asked_with_a_random_id_and_edns() throws Exception {
    List<Message> seen = new ArrayList<>();
    FakeUpstream up =
        upstream(
            (query, client) -> {
              synchronized (seen) {
                seen.add(query);
              }
              return List.of(FakeUpstream.answer(query, "192.0.2.15", 300).toWire());
            });
    Forwarder forwarder = forwarder(to(up).withCache(CacheSettings.DEFAULT.withSize(0)));
    Message client = query("www.example.test.");
    client.getHeader().setID(4242);
    for (int i = 0; i < 8; i++) {
      forwarder.resolve(client).get(5, TimeUnit.SECONDS);
    }

    assertThat(seen).hasSize(8);
    assertThat(seen.stream().map(m -> m.getHeader().getID()).distinct().count())
        .as("ids drawn at random, not the client's")
        .isGreaterThan(4);
    assertThat(seen.get(0).getOPT()).isNotNull();
    assertThat(seen.get(0).getOPT().getPayloadSize()).isEqualTo(1232);
  }

  @Test
  void split_zones_go_to_their_own_servers() throws Exception {
    FakeUpstream general = upstream(FakeUpstream.answering("192.0.2.20"));
    FakeUpstream corp = upstream(FakeUpstream.answering("10.9.9.9"));
    Forwarder forwarder =
        forwarder(
            to(general)
                .withZones(
                    List.of(
                        new ForwardZone(
                            Name.fromConstantString("corp.test."), List.of(corp.upstream())))));

    assertThat(addresses(ask(forwarder, "intranet.corp.test."))).containsExactly("10.9.9.9");
    assertThat(addresses(ask(forwarder, "www.example.test."))).containsExactly("192.0.2.20");
    assertThat(corp.queries()).isEqualTo(1);
    assertThat(general.queries()).isEqualTo(1);
  }

  @Test
  void the_own_domain_is_never_forwarded() {
    Forwarder forwarder = forwarder(ForwardingConfig.to(List.of(Upstream.parse("192.0.2.53"))));

    assertThat(forwarder.forwards(Name.fromConstantString("web.docker."), EMPTY)).isFalse();
    assertThat(forwarder.forwards(Name.fromConstantString("docker."), EMPTY)).isFalse();
  }
}
