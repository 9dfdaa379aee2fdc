package io.dockerdns.dns;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class QueryLogTest {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private long now;
  private final QueryLog log = new QueryLog(() -> now, lines::add, warnings::add);

  @AfterEach
  void close() {
    log.close();
  }

  private static byte[] query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
  }

  private static byte[] reply(int rcode) {
    byte[] reply = new byte[12];
    reply[3] = (byte) rcode;
    return reply;
  }

  @Test
  void a_line_says_who_asked_what_the_answer_was_how_long_it_took_and_where_it_came_from()
      throws Exception {
    byte[] packet = query("web.docker.", Type.A);
    QueryLog.Entry entry =
        log.start(packet, packet.length, Transport.UDP, IpAddresses.require("127.0.0.1", "c"));
    packet[12] = 0; // the server reuses its buffer: the entry kept a copy
    now += 210_000;
    entry.from(QueryLog.Source.CACHE);
    entry.answered(reply(Rcode.NOERROR));

    byte[] other = query("www.example.test.", Type.AAAA);
    QueryLog.Entry upstream = log.start(other, other.length, Transport.TCP, null);
    now += 12_500_000;
    upstream.from(QueryLog.Source.UPSTREAM);
    upstream.answered(reply(Rcode.SERVFAIL));

    Eventually.until(Duration.ofSeconds(5), "two lines", () -> lines.size() == 2);
    assertThat(lines)
        .containsExactly(
            "127.0.0.1 udp web.docker. A NOERROR 0.21 ms cache",
            "local tcp www.example.test. AAAA SERVFAIL 12.50 ms upstream");
  }

  @Test
  void a_name_a_client_chose_cannot_forge_a_line_or_drive_the_terminal() throws Exception {
    // A label may hold any byte: a newline and a forged line, an escape sequence that clears the
    // screen.
    byte[] label =
        "x\n10.0.0.9 udp forged.docker. A NOERROR 0.01 ms cache\u001b[2J".getBytes(UTF_8);
    byte[] wire = new byte[label.length + 9];
    wire[0] = (byte) label.length;
    System.arraycopy(label, 0, wire, 1, label.length);
    byte[] docker = {6, 'd', 'o', 'c', 'k', 'e', 'r', 0};
    System.arraycopy(docker, 0, wire, label.length + 1, docker.length);
    Name hostile = new Name(wire);
    byte[] packet = Message.newQuery(Record.newRecord(hostile, Type.A, DClass.IN)).toWire();
    log.start(packet, packet.length, Transport.UDP, null).answered(reply(Rcode.NXDOMAIN));
    byte[] garbage = {1, 2, 3};
    log.start(garbage, garbage.length, Transport.UDP, null).answered(reply(Rcode.FORMERR));

    Eventually.until(Duration.ofSeconds(5), "two lines", () -> lines.size() == 2);
    assertThat(lines.get(0))
        .doesNotContain("\n", "\u001b")
        .startsWith("local udp x\\01010\\.0\\.0\\.9\\032udp")
        .contains("\\027[2J.docker. A NXDOMAIN");
    assertThat(lines.get(1)).startsWith("local udp (unreadable) - FORMERR");
  }

  @Test
  void past_a_thousand_lines_a_second_the_rest_are_counted_not_written() throws Exception {
    byte[] packet = query("web.docker.", Type.A);
    for (int i = 0; i < 3000; i++) {
      log.start(packet, packet.length, Transport.UDP, null).answered(reply(Rcode.NOERROR));
    }

    Eventually.until(
        Duration.ofSeconds(5), "the count of what was left", () -> !warnings.isEmpty());
    assertThat(lines).hasSizeLessThanOrEqualTo(QueryLog.LINES_PER_SECOND);
    String first = warnings.get(0);
    long notLogged = Long.parseLong(first.substring(0, first.indexOf(' ')));
    assertThat(lines.size() + notLogged).as("every question written or counted").isEqualTo(3000);
    assertThat(warnings.get(0)).endsWith("queries not logged: more than 1000 a second");
  }
}
