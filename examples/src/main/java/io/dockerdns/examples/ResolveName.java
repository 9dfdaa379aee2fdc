package io.dockerdns.examples;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.Answer;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.model.IpAddresses;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Resolves one name by the naming rules, without any DNS on the wire.
 *
 * <pre>
 * java -cp dockerdns-cli/target/dockerdns.jar:examples/target/classes io.dockerdns.examples.ResolveName 'busybox.*.docker' [A|AAAA|SRV|PTR|ANY]
 * </pre>
 */
public final class ResolveName {

  private ResolveName() {}

  public static void main(String[] args) {
    Usage usage =
        new Usage("ResolveName", "NAME [A|AAAA|SRV|PTR|ANY]   (NAME: 'busybox.*.docker')");
    usage.check(args, 1, 2);
    QueryType type = QueryType.A;
    if (args.length > 1) {
      Optional<QueryType> parsed = QueryType.parse(args[1]);
      if (parsed.isEmpty()) {
        usage.fail("'" + args[1] + "' is not one of A, AAAA, SRV, PTR, ANY");
      }
      type = parsed.orElseThrow();
    }
    System.exit(run(args[0], type, System.out) ? 0 : 1);
  }

  /** Prints the answers; false when there are none. */
  static boolean run(String name, QueryType type, PrintStream out) {
    try (DockerDns dns = DockerDns.create(EngineSettings.fromEnvironment(), NamingConfig.DEFAULT)) {
      Resolution resolution = dns.readOnce().resolve(name, type); // one read, no event stream
      if (resolution instanceof Resolution.Found found) {
        found.answers().forEach(a -> out.println(name + " " + describe(a)));
        return true;
      }
      out.println(name + ": " + resolution.getClass().getSimpleName());
      return false;
    }
  }

  private static String describe(Answer answer) {
    if (answer instanceof Answer.ContainerAddress a) {
      return IpAddresses.format(a.address())
          + " ("
          + a.container().name()
          + " on "
          + a.network()
          + ")";
    }
    if (answer instanceof Answer.HostAddress h) {
      return IpAddresses.format(h.address());
    }
    if (answer instanceof Answer.ServiceBinding s) {
      return s.target() + ":" + s.binding().hostPort() + " (" + s.container().name() + ")";
    }
    return ((Answer.ContainerPointer) answer).target();
  }
}
