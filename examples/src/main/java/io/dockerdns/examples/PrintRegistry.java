package io.dockerdns.examples;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.Subscription;
import java.io.PrintStream;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Prints every running container, then each container that starts or stops, for a while.
 *
 * <pre>
 * java -cp dockerdns-cli/target/dockerdns.jar:examples/target/classes io.dockerdns.examples.PrintRegistry [SECONDS]
 * </pre>
 */
public final class PrintRegistry {

  private PrintRegistry() {}

  public static void main(String[] args) throws InterruptedException {
    Usage usage = new Usage("PrintRegistry", "[SECONDS]");
    usage.check(args, 0, 1);
    run(Duration.ofSeconds(Usage.arg(args, 0).map(usage::seconds).orElse(60L)), System.out);
  }

  static void run(Duration follow, PrintStream out) throws InterruptedException {
    try (DockerDns dns = DockerDns.create(EngineSettings.fromEnvironment(), NamingConfig.DEFAULT)) {
      dns.start(); // a full read, then the engine's events
      if (!dns.awaitSync(Duration.ofSeconds(10))) {
        out.println("no Docker Engine answered at " + dns.engineUrls().get(0));
        return;
      }
      // Listeners run on the registry's writer thread, after the change is published.
      Subscription changes =
          dns.subscribe(
              change -> {
                change.added().forEach(c -> out.println("+ " + describe(c)));
                change.removed().forEach(c -> out.println("- " + c.name()));
              });
      try {
        // Listed after subscribing, so nothing that happens in between goes unseen.
        dns.snapshot().containers().forEach(c -> out.println("  " + describe(c)));
        Thread.sleep(follow.toMillis());
      } finally {
        changes.close();
      }
    }
  }

  static String describe(Container c) {
    String addresses =
        c.allAddresses().stream().map(IpAddresses::format).collect(Collectors.joining(","));
    return c.name() + " " + c.image() + " " + addresses;
  }
}
