package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ReplyTtlsTest {

  private static final Name WWW = Name.fromConstantString("www.example.test.");
  private static final Name CDN = Name.fromConstantString("cdn.example.test.");

  /** A reply with names compressed, records in three sections and an OPT among them. */
  private static byte[] reply() throws Exception {
    Message m = Message.newQuery(Record.newRecord(WWW, Type.A, DClass.IN));
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(new CNAMERecord(WWW, DClass.IN, 300, CDN), Section.ANSWER);
    m.addRecord(
        new ARecord(CDN, DClass.IN, 60, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
    m.addRecord(
        new SOARecord(
            Name.fromConstantString("example.test."),
            DClass.IN,
            3600,
            Name.fromConstantString("ns.example.test."),
            Name.fromConstantString("hostmaster.example.test."),
            1,
            2,
            3,
            4,
            5),
        Section.AUTHORITY);
    m.addRecord(new OPTRecord(1232, 0, 0, 0x8000), Section.ADDITIONAL);
    m.addRecord(
        new ARecord(CDN, DClass.IN, 7, InetAddress.getByName("192.0.2.2")), Section.ADDITIONAL);
    return m.toWire();
  }

  private static List<Long> ttls(byte[] wire) throws Exception {
    Message m = new Message(wire);
    return Arrays.stream(new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL})
        .boxed()
        .flatMap(s -> m.getSection(s).stream())
        .filter(r -> r.getType() != Type.OPT)
        .map(Record::getTTL)
        .toList();
  }

  @Test
  void every_records_ttl_counts_down_and_the_opt_records_flags_stay() throws Exception {
    byte[] wire = reply();

    ReplyTtls.lower(wire, ReplyTtls.offsets(wire), 10);

    Message lowered = new Message(wire);
    assertThat(ttls(wire)).containsExactly(290L, 50L, 3590L, 0L);
    assertThat(lowered.getOPT().getFlags()).as("DO kept").isEqualTo(0x8000);
    assertThat(lowered.getSection(Section.ANSWER).get(1).rdataToString()).isEqualTo("192.0.2.1");
  }

  @Test
  void no_age_changes_nothing() throws Exception {
    byte[] wire = reply();
    byte[] before = wire.clone();

    ReplyTtls.lower(wire, ReplyTtls.offsets(wire), 0);

    assertThat(wire).isEqualTo(before);
  }

  @Test
  void a_message_cut_short_is_refused() throws Exception {
    byte[] cut = Arrays.copyOf(reply(), 40);

    assertThatThrownBy(() -> ReplyTtls.offsets(cut)).isInstanceOf(IllegalArgumentException.class);
  }
}
