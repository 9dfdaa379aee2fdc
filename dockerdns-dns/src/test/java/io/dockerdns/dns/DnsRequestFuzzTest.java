package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.ContainerRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * The whole request path (parse, resolve, encode) under a coverage-guided fuzzer: every input gets
 * a well-formed reply no larger than the client allows, or no reply; never an exception. The
 * default test run replays the inputs kept under {@code
 * src/test/resources/.../DnsRequestFuzzTestInputs} (crashes found are kept there as regression
 * inputs); the {@code fuzz} surefire execution fuzzes for the annotation's duration.
 */
class DnsRequestFuzzTest {

  private static final QueryHandler HANDLER = handler();

  private static QueryHandler handler() {
    List<Container> containers = new ArrayList<>();
    // Forty of one image: their wildcard answer is larger than a plain UDP reply may be.
    for (int i = 1; i <= 40; i++) {
      containers.add(container("app-" + i).image("busybox").ip("bridge", "10.1.0." + i).build());
    }
    containers.addAll(
        List.of(
            container("web")
                .hostname("webhost")
                .image("nginx:1.25")
                .ip("bridge", "172.17.0.2")
                .port(80, Protocol.TCP, "0.0.0.0", 8080)
                .build(),
            container("db")
                .image("registry.example.com/team/postgres:16")
                .compose("db", "shop")
                .ip("backend", "10.0.0.5", "fd00::5")
                .port(5432, Protocol.TCP, "127.0.0.1", 5432)
                .port(53, Protocol.UDP, "::", 5353)
                .build()));
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(containers);
    return new QueryHandler(
        DnsServerConfig.DEFAULT, new Resolver(NamingConfig.DEFAULT), registry::snapshot);
  }

  @FuzzTest(maxDuration = "30s")
  void every_request_gets_a_well_formed_reply_or_none(FuzzedDataProvider data) throws IOException {
    Transport transport = data.consumeBoolean() ? Transport.TCP : Transport.UDP;
    byte[] packet = data.consumeRemainingAsBytes();

    Optional<byte[]> reply = HANDLER.handle(packet, packet.length, transport);

    if (reply.isEmpty()) {
      return;
    }
    byte[] wire = reply.get();
    int allowed = allowedSize(packet, transport);
    if (wire.length > allowed) {
      throw new AssertionError("reply of " + wire.length + " bytes, client allows " + allowed);
    }
    Message parsed = new Message(wire); // throws when malformed
    int id = ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
    if (parsed.getHeader().getID() != id) {
      throw new AssertionError("reply id " + parsed.getHeader().getID() + " for query id " + id);
    }
  }

  /** What the client allows: 512 over UDP, its EDNS size (to our 1232) when it sent one. */
  private static int allowedSize(byte[] packet, Transport transport) {
    if (transport == Transport.TCP) {
      return 65_535;
    }
    try {
      OPTRecord opt = new Message(packet).getOPT();
      return opt == null
          ? QueryHandler.PLAIN_UDP_PAYLOAD
          : Math.max(
              QueryHandler.PLAIN_UDP_PAYLOAD,
              Math.min(opt.getPayloadSize(), QueryHandler.EDNS_PAYLOAD));
    } catch (IOException | RuntimeException e) {
      return QueryHandler.PLAIN_UDP_PAYLOAD;
    }
  }
}
