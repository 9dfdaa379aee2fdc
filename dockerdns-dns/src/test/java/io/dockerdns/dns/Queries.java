package io.dockerdns.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds query messages for tests, and reads replies. */
final class Queries {

  private Queries() {}

  static Message query(String name, int type) {
    return query(name, type, DClass.IN);
  }

  static Message query(String name, int type, int dclass) {
    try {
      Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
      m.getHeader().setID(0x1234);
      return m;
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Message withEdns(Message query, int payload, int version) {
    query.addRecord(new OPTRecord(payload, 0, version, 0), Section.ADDITIONAL);
    return query;
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException("reply does not parse", e);
    }
  }

  static String type(int type) {
    return Type.string(type);
  }
}
