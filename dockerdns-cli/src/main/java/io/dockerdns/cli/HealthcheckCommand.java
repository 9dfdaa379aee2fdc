package io.dockerdns.cli;

import io.dockerdns.core.model.IpAddresses;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dockerdns healthcheck}: asks the running server for its zone's SOA, as a container's
 * health check does. Healthy means DNS answers and the registry is in sync (before the first sync,
 * and while the engine is away for good, the zone is SERVFAIL).
 */
@Command(
    name = "healthcheck",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the running DNS server for its zone's SOA over UDP: exit 0 when it answers NOERROR,"
          + " 1 (with the reason) otherwise.",
      "It reads the same --dns-bind, --dns-port, --domain and config file as run."
    })
final class HealthcheckCommand implements Callable<Integer> {

  private static final int TIMEOUT_MILLIS = 2000;
  private static final InetAddress LOOPBACK = IpAddresses.require("127.0.0.1", "loopback");

  @Option(
      names = "--dns-bind",
      paramLabel = "ADDRESS",
      description =
          "Where the server listens (config: bind_interface; every interface: 127.0.0.1 is asked).")
  String dnsBind;

  @Option(
      names = "--dns-port",
      paramLabel = "PORT",
      description = "The server's port (config: bind_port; default: 53).")
  String dnsPort;

  @Mixin SharedOptions shared;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Choices c = shared.choices();
    InetAddress bind = c.value(Settings.DNS_BIND, dnsBind);
    InetAddress server = bind.isAnyLocalAddress() ? LOOPBACK : bind;
    int port = c.value(Settings.DNS_PORT, dnsPort);
    Name apex = Name.fromString(shared.naming().apex());
    PrintWriter err = spec.commandLine().getErr();
    String where = IpAddresses.format(server) + " port " + port;

    Message query = Message.newQuery(Record.newRecord(apex, Type.SOA, DClass.IN));
    query.getHeader().setID(ThreadLocalRandom.current().nextInt(0x10000));
    byte[] wire = query.toWire();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress(server, port));
      socket.send(new DatagramPacket(wire, wire.length));
      byte[] buffer = new byte[4096];
      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
      socket.receive(in);
      Message reply = new Message(java.util.Arrays.copyOf(buffer, in.getLength()));
      if (reply.getRcode() == Rcode.NOERROR && !reply.getSection(Section.ANSWER).isEmpty()) {
        return 0;
      }
      err.println(
          "dockerdns: unhealthy: "
              + where
              + " answered "
              + Rcode.string(reply.getRcode())
              + " for "
              + apex
              + " SOA (not in sync with the engine yet, or lost it)");
    } catch (PortUnreachableException e) {
      err.println("dockerdns: unhealthy: nothing listens on " + where + " (UDP)");
    } catch (SocketTimeoutException e) {
      err.println("dockerdns: unhealthy: no DNS answer from " + where + " within 2 s");
    } catch (IOException e) {
      err.println("dockerdns: unhealthy: " + where + ": " + e.getMessage());
    }
    err.flush();
    return 1;
  }
}
