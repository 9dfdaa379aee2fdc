package io.dockerdns.dns;

import io.dockerdns.core.match.Answer;
import io.dockerdns.core.match.Answer.AddressAnswer;
import io.dockerdns.core.match.Answer.PointerAnswer;
import io.dockerdns.core.match.Answer.ServiceBinding;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What the zone says for one question: the resolver's {@link Resolution} written as DNS records,
 * rcode and flags into a response. Answers are owned by the question name exactly as asked, so stub
 * resolvers accept them and 0x20 case randomisation survives.
 */
final class ZoneAnswers {

  private static final long SOA_REFRESH = 3600;
  private static final long SOA_RETRY = 600;
  private static final long SOA_EXPIRE = 86400;

  private final DnsServerConfig config;
  private final Resolver resolver;
  private final List<Zone> zones;
  private final InetAddress nameServerAddress;

  /**
   * One domain's zone: its apex, and its name server (this server, named like any Docker host
   * address under the zone, so it resolves where it is asked) and hostmaster for its SOA.
   */
  private record Zone(Name apex, Name nameServer, Name hostmaster) {}

  ZoneAnswers(DnsServerConfig config, Resolver resolver) {
    this.config = config;
    this.resolver = resolver;
    this.nameServerAddress =
        config.bindAddress().isAnyLocalAddress()
            ? resolver.config().hostAddress()
            : config.bindAddress();
    this.zones =
        resolver.config().domains().stream()
            .map(
                domain ->
                    new Zone(
                        name(domain + "."),
                        name(resolver.hostName(nameServerAddress, domain)),
                        name("hostmaster." + domain + ".")))
            .toList();
  }

  void answer(Record question, RegistrySnapshot snapshot, Message response) {
    Name qname = question.getName();
    int qtype = question.getType();
    Resolution resolution = resolver.resolve(snapshot, qname.toString(), queryType(qtype));
    if (resolution instanceof Resolution.OutOfZone) {
      response.getHeader().setRcode(Rcode.REFUSED);
      return;
    }
    if (snapshot.freshness().state() == Freshness.State.NEVER_SYNCED) {
      // Nothing is known yet: "no such name" now would be cached as a lie.
      response.getHeader().setRcode(Rcode.SERVFAIL);
      return;
    }
    Zone zone = zoneOf(qname); // null for a reverse name
    if (zone != null
        && qname.equals(zone.apex())
        && (qtype == Type.SOA || qtype == Type.NS || qtype == Type.ANY)) {
      apexAnswer(zone, qtype, snapshot, response);
      return;
    }
    if (resolution instanceof Resolution.Found found) {
      markAuthoritative(response);
      addAnswers(qname, qtype, found.answers(), response);
    } else if (resolution instanceof Resolution.NoData) {
      markAuthoritative(response);
      if (zone != null) {
        response.addRecord(soa(zone, snapshot), Section.AUTHORITY);
      }
    } else if (config.nxdomain()) {
      markAuthoritative(response);
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      if (zone != null) {
        response.addRecord(soa(zone, snapshot), Section.AUTHORITY);
      }
    } else {
      response.getHeader().setRcode(Rcode.SERVFAIL);
    }
  }

  private Zone zoneOf(Name qname) {
    for (Zone zone : zones) {
      if (qname.subdomain(zone.apex())) {
        return zone;
      }
    }
    return null;
  }

  private void apexAnswer(Zone zone, int qtype, RegistrySnapshot snapshot, Message response) {
    markAuthoritative(response);
    if (qtype == Type.NS) {
      response.addRecord(
          new NSRecord(zone.apex(), DClass.IN, config.ttl(), zone.nameServer()), Section.ANSWER);
      response.addRecord(
          address(zone.nameServer(), nameServerAddress, config.ttl()), Section.ADDITIONAL);
    } else {
      // SOA, and ANY answered minimally with the SOA (RFC 8482).
      response.addRecord(soa(zone, snapshot), Section.ANSWER);
    }
  }

  private void addAnswers(Name qname, int qtype, List<Answer> answers, Message response) {
    // ANY gets one RRset, the first one's type (RFC 8482): A before AAAA, as the resolver orders.
    QueryType firstType = answers.get(0).type();
    long ttl = Answer.ttlOf(answers, config.ttl());
    Set<Name> glued = new HashSet<>();
    for (Answer a : answers) {
      if (qtype == Type.ANY && a.type() != firstType) {
        continue;
      }
      if (a instanceof AddressAnswer address) {
        response.addRecord(address(qname, address.address(), ttl), Section.ANSWER);
      } else if (a instanceof ServiceBinding srv) {
        Name target = name(srv.target());
        response.addRecord(
            new SRVRecord(
                qname,
                DClass.IN,
                ttl,
                ServiceBinding.PRIORITY,
                ServiceBinding.WEIGHT,
                srv.binding().hostPort(),
                target),
            Section.ANSWER);
        if (glued.add(target)) {
          response.addRecord(address(target, srv.targetAddress(), ttl), Section.ADDITIONAL);
        }
      } else if (a instanceof PointerAnswer ptr) {
        response.addRecord(
            new PTRRecord(qname, DClass.IN, ttl, name(ptr.target())), Section.ANSWER);
      }
    }
  }

  private static Record address(Name owner, InetAddress address, long ttl) {
    return address instanceof Inet4Address
        ? new ARecord(owner, DClass.IN, ttl, address)
        : new AAAARecord(owner, DClass.IN, ttl, address);
  }

  private SOARecord soa(Zone zone, RegistrySnapshot snapshot) {
    // The serial follows the registry, so a secondary or a cache can tell the zone changed.
    long serial = snapshot.version() & 0xFFFF_FFFFL;
    return new SOARecord(
        zone.apex(),
        DClass.IN,
        config.ttl(),
        zone.nameServer(),
        zone.hostmaster(),
        serial,
        SOA_REFRESH,
        SOA_RETRY,
        SOA_EXPIRE,
        config.ttl());
  }

  private void markAuthoritative(Message response) {
    if (config.authoritative()) {
      response.getHeader().setFlag(Flags.AA);
    }
  }

  private static QueryType queryType(int type) {
    return switch (type) {
      case Type.A -> QueryType.A;
      case Type.AAAA -> QueryType.AAAA;
      case Type.SRV -> QueryType.SRV;
      case Type.PTR -> QueryType.PTR;
      case Type.ANY -> QueryType.ANY;
      default -> QueryType.OTHER;
    };
  }

  /** Names we build ourselves are valid by construction; a failure here is a bug. */
  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalStateException("invalid DNS name '" + text + "'", e);
    }
  }
}
