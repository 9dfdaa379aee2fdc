package io.dockerdns.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The upstream-reply check under a coverage-guided fuzzer: whatever an upstream (or a spoofer)
 * sends, the check never throws, and what it accepts is a reply with our id and our question. The
 * default test run replays the kept inputs; the {@code fuzz} execution fuzzes.
 */
class UpstreamReplyFuzzTest {

  private static final Message SENT = sent();

  private static Message sent() {
    Message m =
        Message.newQuery(
            Record.newRecord(Name.fromConstantString("www.example.test."), Type.A, DClass.IN));
    m.getHeader().setID(0x1234);
    return m;
  }

  @FuzzTest(maxDuration = "30s")
  void any_bytes_are_checked_without_throwing(FuzzedDataProvider data) {
    byte[] wire = data.consumeRemainingAsBytes();
    Optional<Message> accepted = UpstreamReplies.accept(wire, wire.length, SENT);
    accepted.ifPresent(
        reply -> {
          assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
          assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
          assertThat(reply.getQuestion().getName()).isEqualTo(SENT.getQuestion().getName());
          assertThat(reply.getQuestion().getType()).isEqualTo(Type.A);
        });
  }
}
