package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.ContainerRegistry;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Malformed and hostile requests: each gets the expected rcode, or no reply at all. */
class HostileInputTest {

  private final QueryHandler handler = handler();

  private static QueryHandler handler() {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));
    return new QueryHandler(
        DnsServerConfig.DEFAULT, new Resolver(NamingConfig.DEFAULT), registry::snapshot);
  }

  // Hex wire images. Header: id 1234, flags 0100 (RD), then QD/AN/NS/AR counts.
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty packet                        | ''
          shorter than a header               | 1234010000010000
          a response (QR=1)                   | 1234810000010000000000000377656206646f636b65720000010001
          a response with garbage             | 1234800000000000000000ff
          """)
  void gets_no_reply(String what, String hex) {
    byte[] packet = bytes(hex.replace("“", ""));

    assertThat(handler.handle(packet, packet.length, Transport.UDP)).as(what).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          header only, QDCOUNT 1 but no question         | 123401000001000000000000
          question cut in the middle of a label          | 12340100000100000000000003776562
          name without its terminating zero               | 1234010000010000000000000377656206646f636b6572
          compression pointer to itself                   | 123401000001000000000000c00c00010001
          compression pointer loop between two labels     | 123401000001000000000000c00ec00c00010001
          label of reserved type 01 (0x40)                | 1234010000010000000000004177656200010001
          label of reserved type 10 (0x80)                | 1234010000010000000000008177656200010001
          ANCOUNT says 5, no records                       | 1234010000010005000000000377656206646f636b65720000010001
          ARCOUNT says 1, truncated OPT                    | 1234010000010000000000010377656206646f636b657200000100010000
          OPT owned by web., not the root name (RFC 6891)  | 1234010000010000000000010377656206646f636b657200000100010377656200002904d0000000000000
          """)
  void gets_formerr_with_the_id_echoed(String what, String hex) {
    Message reply = reply(bytes(hex));

    assertThat(reply.getHeader().getID()).as(what).isEqualTo(0x1234);
    assertThat(reply.getRcode()).as(what).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void a_name_longer_than_255_octets_is_formerr() {
    StringBuilder hex = new StringBuilder("123401000001000000000000");
    for (int i = 0; i < 5; i++) {
      hex.append("3f").append("61".repeat(63)); // five 63-octet labels: 320 octets
    }
    hex.append("0000010001");

    assertThat(reply(bytes(hex.toString())).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void random_bytes_never_escape_as_exceptions_or_oversized_replies() throws IOException {
    Random random = new Random(20261125);
    byte[] valid = Queries.query("web.docker.", org.xbill.DNS.Type.A).toWire();
    for (int i = 0; i < 20_000; i++) {
      byte[] packet;
      if (i % 2 == 0) {
        packet = new byte[random.nextInt(600)];
        random.nextBytes(packet);
      } else {
        // Mutate a valid query: flipped bytes reach deeper into the parser than noise does.
        packet = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
        }
      }
      Optional<byte[]> reply = handler.handle(packet, packet.length, Transport.UDP);
      if (reply.isPresent()) {
        assertThat(reply.get().length).isLessThanOrEqualTo(QueryHandler.EDNS_PAYLOAD);
        Message parsed = new Message(reply.get());
        assertThat(parsed.getHeader().getID())
            .isEqualTo(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
      }
    }
  }

  @Test
  void answers_normally_after_hostile_input() {
    handler.handle(bytes("123401000001000000000000c00c00010001"), 18, Transport.UDP);
    byte[] valid = Queries.query("web.docker.", org.xbill.DNS.Type.A).toWire();

    Message reply = reply(valid);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
  }

  private Message reply(byte[] packet) {
    Optional<byte[]> reply = handler.handle(packet, packet.length, Transport.UDP);
    assertThat(reply).isPresent();
    return Queries.parse(reply.get());
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }
}
