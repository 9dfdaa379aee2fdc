package io.dockerdns.dns.forward;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static io.dockerdns.core.testing.ContainerFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.QueryHandler;
import io.dockerdns.dns.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Forwarding as the DNS server's handler does it: who is answered, what never leaves. */
@Timeout(30)
class ForwardedQueriesTest {

  private static final InetAddress OUTSIDER = ip("192.0.2.99");

  private final ContainerRegistry registry = new ContainerRegistry();
  private FakeUpstream upstream;
  private Forwarder forwarder;
  private QueryHandler handler;

  @BeforeEach
  void start() throws Exception {
    registry.replaceAll(
        List.of(
            container("web").ip("bridge", "172.17.0.2").prefixLength("bridge", 16).build(),
            container("db").ip("backend", "10.5.0.3").build()));
    upstream =
        new FakeUpstream(
            (query, client) -> {
              Message reply = FakeUpstream.answer(query, "192.0.2.1", 300);
              reply.getHeader().setFlag(Flags.AD);
              return List.of(reply.toWire());
            });
    Resolver resolver = new Resolver(NamingConfig.DEFAULT);
    forwarder =
        Forwarder.start(
            ForwardingConfig.to(List.of(upstream.upstream())),
            List.of(Name.fromConstantString("docker.")));
    handler =
        new QueryHandler(
            DnsServerConfig.builder().nxdomain(true).build(),
            resolver,
            registry::snapshot,
            forwarder);
  }

  @AfterEach
  void stop() {
    forwarder.close();
    upstream.close();
  }

  private Message ask(String name, int type, InetAddress client, boolean dnssecOk)
      throws IOException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
    byte[] wire = query.toWire();
    return new Message(handler.handle(wire, wire.length, Transport.UDP, client).orElseThrow());
  }

  @Test
  void a_forwarded_answer_says_recursion_is_available() throws IOException {
    Message reply = ask("www.example.test.", Type.A, InetAddress.getLoopbackAddress(), false);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void ad_is_passed_on_only_to_a_client_that_asked_for_dnssec() throws IOException {
    assertThat(ask("a.example.test.", Type.A, null, false).getHeader().getFlag(Flags.AD)).isFalse();
    assertThat(ask("b.example.test.", Type.A, null, true).getHeader().getFlag(Flags.AD)).isTrue();
  }

  @Test
  void a_client_not_allowed_recursion_is_refused_forwarded_names_and_answered_its_own()
      throws IOException {
    assertThat(ask("www.example.test.", Type.A, OUTSIDER, false).getRcode())
        .isEqualTo(Rcode.REFUSED);
    assertThat(ask("web.docker.", Type.A, OUTSIDER, false).getSection(Section.ANSWER)).hasSize(1);
    assertThat(upstream.queries()).isZero();
  }

  @Test
  void a_refusal_is_not_kept_for_the_next_client_sending_the_same_bytes() throws IOException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromConstantString("www.example.test."), Type.A, 1));
    byte[] wire = query.toWire();
    handler.handle(wire, wire.length, Transport.UDP, OUTSIDER);

    Message allowed =
        new Message(
            handler.handle(wire, wire.length, Transport.UDP, ip("127.0.0.1")).orElseThrow());
    assertThat(allowed.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void a_running_container_may_recurse_and_its_gateway_may_not() throws IOException {
    assertThat(ask("www.example.test.", Type.A, ip("172.17.0.2"), false).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(ask("www.example.test.", Type.A, ip("172.17.0.1"), false).getRcode())
        .isEqualTo(Rcode.REFUSED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "web.docker.",
        "nothing-here.docker.",
        "2.0.17.172.in-addr.arpa.", // a container's address
        "9.9.17.172.in-addr.arpa.", // in a container network's subnet
        "17.172.in-addr.arpa.", // the subnet's own reverse zone
        "3.0.5.10.in-addr.arpa." // a container on a network of unknown size
      })
  void own_names_and_container_networks_reverse_names_never_leave(String name) throws IOException {
    Message reply = ask(name, Type.PTR, null, false);

    assertThat(reply.getRcode()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
    assertThat(upstream.queries()).isZero();
  }

  @Test
  void other_reverse_names_are_forwarded() throws IOException {
    ask("4.0.5.10.in-addr.arpa.", Type.PTR, null, false);
    ask("8.8.8.8.in-addr.arpa.", Type.PTR, null, false);

    assertThat(upstream.queries()).isEqualTo(2);
  }

  @Test
  void a_kept_forwarded_reply_is_never_given_to_a_client_that_may_not_recurse() throws IOException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromConstantString("www.example.test."), Type.A, 1));
    byte[] wire = query.toWire();
    handler.handle(wire, wire.length, Transport.UDP, ip("127.0.0.1"));
    handler.handle(wire, wire.length, Transport.UDP, ip("127.0.0.1"));

    Message outsider =
        new Message(handler.handle(wire, wire.length, Transport.UDP, OUTSIDER).orElseThrow());
    assertThat(outsider.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void a_reverse_name_becomes_local_as_soon_as_a_container_network_covers_it() throws IOException {
    assertThat(ask("9.9.18.172.in-addr.arpa.", Type.PTR, null, false).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(upstream.queries()).isEqualTo(1);

    registry.replaceAll(
        List.of(container("new").ip("other", "172.18.0.2").prefixLength("other", 16).build()));

    assertThat(ask("9.9.18.172.in-addr.arpa.", Type.PTR, null, false).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.queries()).isEqualTo(1);
  }
}
