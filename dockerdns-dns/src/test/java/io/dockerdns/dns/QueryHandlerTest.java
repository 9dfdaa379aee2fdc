package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static io.dockerdns.dns.Queries.parse;
import static io.dockerdns.dns.Queries.query;
import static io.dockerdns.dns.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryHandlerTest {

  private static final RegistrySnapshot SNAPSHOT = registry(manyOfOneImage(60));
  private final Resolver resolver = new Resolver(NamingConfig.DEFAULT);

  private static List<Container> manyOfOneImage(int count) {
    List<Container> containers = new ArrayList<>();
    containers.add(
        container("web")
            .image("nginx")
            .hostname("my-thing")
            .ip("bridge", "172.17.0.2")
            .port(8080, Protocol.TCP, "0.0.0.0", 18080)
            .port(8080, Protocol.TCP, "::", 18080)
            .build());
    containers.add(container("v6").image("nginx").ip("bridge", "172.17.0.3", "fd00::3").build());
    for (int i = 0; i < count; i++) {
      containers.add(
          container("many" + i)
              .image("many")
              .ip("bridge", "10.9." + i / 200 + "." + (i % 200 + 1))
              .build());
    }
    return containers;
  }

  private static RegistrySnapshot registry(List<Container> containers) {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(containers);
    return registry.snapshot();
  }

  private Message ask(Message query) {
    return ask(query, Transport.UDP, DnsServerConfig.DEFAULT);
  }

  private Message ask(Message query, Transport transport, DnsServerConfig config) {
    byte[] wire = query.toWire();
    Optional<byte[]> reply =
        new QueryHandler(config, resolver, () -> SNAPSHOT).handle(wire, wire.length, transport);
    assertThat(reply).as("a reply to %s", query.getQuestion()).isPresent();
    Message m = parse(reply.get());
    assertThat(m.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    return m;
  }

  private static List<String> section(Message m, int section) {
    return m.getSection(section).stream()
        .filter(r -> r.getType() != Type.OPT)
        .map(
            r ->
                r.getName()
                    + " "
                    + r.getTTL()
                    + " "
                    + Type.string(r.getType())
                    + " "
                    + r.rdataToString())
        .collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          WeB.DocKer.            | A     | WeB.DocKer. 10 A 172.17.0.2
          my-thing.docker.       | A     | my-thing.docker. 10 A 172.17.0.2
          v6.docker.             | AAAA  | v6.docker. 10 AAAA fd00:0:0:0:0:0:0:3
          nginx.*.docker.        | A     | nginx.*.docker. 10 A 172.17.0.3;nginx.*.docker. 10 A 172.17.0.2
          v6.docker.             | ANY   | v6.docker. 10 A 172.17.0.3
          _8080._tcp.web.docker. | SRV   | _8080._tcp.web.docker. 10 SRV 100 100 18080 127-0-0-1.host.docker.
          2.0.17.172.in-addr.arpa. | PTR | 2.0.17.172.in-addr.arpa. 10 PTR web.docker.
          docker.                | SOA   | docker. 10 SOA 127-0-0-1.host.docker. hostmaster.docker. 2 3600 600 86400 10
          docker.                | NS    | docker. 10 NS 127-0-0-1.host.docker.
          """)
  // The SOA's serial is the registry's version: 2 after its source was added, then read.
  void answers_with_the_question_name_as_asked(String name, String type, String answers) {
    Message reply = ask(query(name, Type.value(type)));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(reply, Section.ANSWER)).containsExactly(answers.split(";", -1));
  }

  @Test
  void srv_and_ns_carry_the_target_address_in_additional() {
    assertThat(section(ask(query("_8080._tcp.web.docker.", Type.SRV)), Section.ADDITIONAL))
        .containsExactly("127-0-0-1.host.docker. 10 A 127.0.0.1");
    assertThat(section(ask(query("docker.", Type.NS)), Section.ADDITIONAL))
        .containsExactly("127-0-0-1.host.docker. 10 A 127.0.0.1");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"web.docker., AAAA", "web.docker., MX", "web.docker., TXT", "docker., A"})
  void an_existing_name_without_such_data_is_nodata_with_the_soa(String name, String type) {
    Message reply = ask(query(name, Type.value(type)));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(section(reply, Section.AUTHORITY)).singleElement().asString().contains(" SOA ");
  }

  @Test
  void a_missing_name_is_servfail_by_default_and_nxdomain_with_soa_when_asked() {
    Message servfail = ask(query("nothing.docker.", Type.A));
    assertThat(servfail.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(servfail.getSection(Section.AUTHORITY)).isEmpty();

    DnsServerConfig nx = DnsServerConfig.builder().nxdomain(true).build();
    Message nxdomain = ask(query("nothing.docker.", Type.A), Transport.UDP, nx);
    assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nxdomain.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(nxdomain, Section.AUTHORITY)).singleElement().asString().contains(" SOA ");
  }

  @Test
  void authoritative_off_clears_aa_and_ttl_follows_the_config() {
    DnsServerConfig config = DnsServerConfig.builder().ttl(300).authoritative(false).build();

    Message reply = ask(query("web.docker.", Type.A), Transport.UDP, config);

    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(reply.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(300);
  }

  @ParameterizedTest(name = "{0} class {1} -> {2}")
  @CsvSource({
    "web.example.com., A, IN, REFUSED",
    "web.docker., A, CH, REFUSED",
    "version.bind., TXT, CH, REFUSED",
    "docker., AXFR, IN, REFUSED",
    "docker., IXFR, IN, REFUSED"
  })
  void refuses_what_is_not_ours_to_answer(String name, String type, String dclass, String rcode) {
    Message reply = ask(query(name, Type.value(type), DClass.value(dclass)));

    assertThat(Rcode.string(reply.getRcode())).isEqualTo(rcode);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void other_opcodes_are_not_implemented() {
    Message notify = query("docker.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);

    assertThat(ask(notify).getRcode()).isEqualTo(Rcode.NOTIMP);
  }

  @Test
  void a_query_without_question_or_with_two_is_formerr() {
    Message none = new Message(7);
    Message two = query("web.docker.", Type.A);
    two.addRecord(query("v6.docker.", Type.A).getQuestion(), Section.QUESTION);

    assertThat(ask(none).getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(ask(two).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void edns_queries_get_our_opt_and_a_newer_version_gets_badvers() {
    Message reply = ask(withEdns(query("web.docker.", Type.A), 4096, 0));
    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(QueryHandler.EDNS_PAYLOAD);

    Message badvers = ask(withEdns(query("web.docker.", Type.A), 4096, 1));
    assertThat(badvers.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(badvers.getOPT().getVersion()).isZero();

    Message plain = ask(query("web.docker.", Type.A));
    assertThat(plain.getOPT()).isNull();
  }

  @Test
  void two_opt_records_are_formerr() {
    Message q = withEdns(withEdns(query("web.docker.", Type.A), 1232, 0), 1232, 0);

    assertThat(ask(q).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void a_large_udp_answer_is_truncated_to_the_client_size_and_whole_over_tcp() {
    Message plain = ask(query("many.*.docker.", Type.A));
    byte[] plainWire = plain.toWire();
    assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plainWire.length).isLessThanOrEqualTo(512);

    Message small = ask(withEdns(query("many.*.docker.", Type.A), 512, 0));
    assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(small.getOPT()).as("a truncated EDNS reply keeps its OPT").isNotNull();
    assertThat(small.toWire().length).isLessThanOrEqualTo(512);

    Message edns = ask(withEdns(query("many.*.docker.", Type.A), 4096, 0));
    assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(edns.getSection(Section.ANSWER)).hasSize(60);
    assertThat(edns.toWire().length).isLessThanOrEqualTo(QueryHandler.EDNS_PAYLOAD);

    Message tcp = ask(query("many.*.docker.", Type.A), Transport.TCP, DnsServerConfig.DEFAULT);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(60);
  }

  @Test
  void before_the_first_sync_names_in_the_zone_are_servfail_not_nxdomain() {
    QueryHandler unsynced =
        new QueryHandler(
            DnsServerConfig.builder().nxdomain(true).build(), resolver, RegistrySnapshot::empty);
    byte[] wire = query("web.docker.", Type.A).toWire();

    Message reply = parse(unsynced.handle(wire, wire.length, Transport.UDP).orElseThrow());

    assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void rd_and_cd_are_copied_and_ra_is_never_set() {
    Message q = query("web.docker.", Type.A);
    q.getHeader().setFlag(Flags.RD);
    q.getHeader().setFlag(Flags.CD);

    Message reply = ask(q);

    assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.CD)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
  }

  @Test
  void answers_are_counted_by_type_and_rcode() {
    QueryHandler handler = new QueryHandler(DnsServerConfig.DEFAULT, resolver, () -> SNAPSHOT);
    MeterRegistry meters = new SimpleMeterRegistry();
    handler.counters().bindTo(meters);
    for (Message q :
        List.of(
            query("web.docker.", Type.A),
            query("web.docker.", Type.A),
            query("nothing.docker.", Type.AAAA))) {
      byte[] wire = q.toWire();
      handler.handle(wire, wire.length, Transport.UDP);
    }

    assertThat(handler.counters().get("A", "NOERROR")).isEqualTo(2);
    assertThat(handler.counters().get("AAAA", "SERVFAIL")).isEqualTo(1);
    assertThat(
            meters
                .get("dockerdns.dns.queries")
                .tags("type", "A", "rcode", "NOERROR")
                .functionCounter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            meters
                .get("dockerdns.dns.queries")
                .tags("type", "AAAA", "rcode", "SERVFAIL")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
  }

  private static final Name WEB = Name.fromConstantString("web.docker.");

  @Test
  void query_types_and_classes_a_client_makes_up_do_not_grow_the_metrics() {
    QueryHandler handler = new QueryHandler(DnsServerConfig.DEFAULT, resolver, () -> SNAPSHOT);
    MeterRegistry meters = new SimpleMeterRegistry();
    handler.counters().bindTo(meters);
    int before = meters.getMeters().size();
    for (int type = 1000; type < 6000; type++) {
      for (int dclass : new int[] {DClass.IN, DClass.CH, 4242}) {
        byte[] wire = Message.newQuery(Record.newRecord(WEB, type, dclass)).toWire();
        handler.handle(wire, wire.length, Transport.UDP);
      }
    }

    assertThat(meters.getMeters().size() - before)
        .as("one series per rcode met, not one per type")
        .isLessThanOrEqualTo(4);
    assertThat(handler.counters().get("other", "NOERROR")).isEqualTo(5000);
    assertThat(handler.counters().get("other", "REFUSED")).isEqualTo(10000);
  }

  @Test
  void the_question_is_echoed_exactly() {
    Record question = ask(query("NgInX.*.DOCKER.", Type.A)).getQuestion();

    assertThat(question.getName().toString()).isEqualTo("NgInX.*.DOCKER.");
  }
}
