package io.dockerdns.dns;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.ContainerRegistry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Replies reused while the registry stays the same; never once it changed. */
class ReplyCacheTest {

  private final ContainerRegistry registry = new ContainerRegistry();
  private final QueryHandler handler =
      new QueryHandler(
          DnsServerConfig.DEFAULT, new Resolver(NamingConfig.DEFAULT), registry::snapshot);

  @Test
  void the_same_question_gets_the_same_bytes_with_its_own_id_and_is_counted() {
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));

    byte[] first = ask("WeB.docker.", Type.A, 0x1111);
    byte[] second = ask("WeB.docker.", Type.A, 0x2222);

    assertThat(Queries.parse(second).getHeader().getID()).isEqualTo(0x2222);
    assertThat(Arrays.copyOfRange(second, 2, second.length))
        .isEqualTo(Arrays.copyOfRange(first, 2, first.length));
    assertThat(Queries.parse(second).getQuestion().getName()).hasToString("WeB.docker.");
    assertThat(handler.counters().get("A", "NOERROR")).isEqualTo(2);
  }

  @Test
  void a_registry_change_is_answered_at_once() {
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));
    assertThat(Queries.parse(ask("db.docker.", Type.A, 1)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(answer(ask("web.docker.", Type.A, 2))).isEqualTo("172.17.0.2");

    registry.update(
        List.of(
            container("web").ip("bridge", "172.17.0.9").build(),
            container("db").ip("bridge", "172.17.0.3").build()),
        List.of());

    assertThat(answer(ask("db.docker.", Type.A, 3))).isEqualTo("172.17.0.3");
    assertThat(answer(ask("web.docker.", Type.A, 4))).isEqualTo("172.17.0.9");
  }

  @Test
  void many_distinct_questions_do_not_grow_it_without_bound() {
    registry.replaceAll(List.of(container("web").ip("bridge", "172.17.0.2").build()));
    for (int i = 0; i < ReplyCache.MAX_ENTRIES * 3; i++) {
      ask("random" + i + ".docker.", Type.A, i);
    }

    assertThat(answer(ask("web.docker.", Type.A, 7))).isEqualTo("172.17.0.2");
  }

  private byte[] ask(String name, int type, int id) {
    Message query = Queries.query(name, type);
    query.getHeader().setID(id);
    byte[] wire = query.toWire();
    return handler.handle(wire, wire.length, Transport.UDP).orElseThrow();
  }

  private static String answer(byte[] reply) {
    return Queries.parse(reply).getSection(Section.ANSWER).get(0).rdataToString();
  }
}
