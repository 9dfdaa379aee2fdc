package io.dockerdns.examples;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.DnsServer;
import io.dockerdns.dns.DnsServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Runs the DNS server inside this program on a free loopback port and asks it one question.
 *
 * <pre>
 * java -cp dockerdns-cli/target/dockerdns.jar:examples/target/classes io.dockerdns.examples.InProcessDnsServer web.docker
 * </pre>
 */
public final class InProcessDnsServer {

  private InProcessDnsServer() {}

  public static void main(String[] args) throws Exception {
    Usage usage = new Usage("InProcessDnsServer", "NAME   (a name under the domain: web.docker)");
    usage.check(args, 1, 1);
    run(args[0], System.out);
  }

  static void run(String name, PrintStream out) throws IOException, InterruptedException {
    DnsServerConfig config =
        DnsServerConfig.builder().bind(IpAddresses.require("127.0.0.1", "loopback"), 0).build();
    try (DockerDns registry =
            DockerDns.create(EngineSettings.fromEnvironment(), NamingConfig.DEFAULT).start();
        DnsServer server = DnsServer.start(config, registry.resolver(), registry::snapshot)) {
      registry.awaitSync(Duration.ofSeconds(10));
      out.println("DNS on 127.0.0.1 port " + server.port());

      SimpleResolver client = new SimpleResolver("127.0.0.1");
      client.setPort(server.port());
      Message reply =
          client.send(
              Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
      for (Record r : reply.getSection(Section.ANSWER)) {
        out.println(r);
      }
      if (reply.getSection(Section.ANSWER).isEmpty()) {
        // REFUSED for a name outside the domain (web, not web.docker); NXDOMAIN or SERVFAIL for
        // a name no running container has.
        out.println(name + ": " + Rcode.string(reply.getRcode()) + ", no answer");
      }
    }
  }
}
