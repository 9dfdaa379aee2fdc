package io.dockerdns.examples;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A front end of one's own: keeps a hosts file ({@code 172.17.0.2 web.docker my-thing.docker})
 * equal to the running containers, rewriting it whole after each change. The same shape serves any
 * new adapter: subscribe, then render each snapshot.
 *
 * <pre>
 * java -cp dockerdns-cli/target/dockerdns.jar:examples/target/classes io.dockerdns.examples.HostsFileWriter /tmp/docker.hosts [SECONDS]
 * </pre>
 */
public final class HostsFileWriter {

  private HostsFileWriter() {}

  public static void main(String[] args) throws InterruptedException {
    Usage usage = new Usage("HostsFileWriter", "FILE [SECONDS]");
    usage.check(args, 1, 2);
    Duration keep = Duration.ofSeconds(Usage.arg(args, 1).map(usage::seconds).orElse(3600L));
    run(Path.of(args[0]), keep);
  }

  static void run(Path file, Duration keep) throws InterruptedException {
    try (DockerDns dns = DockerDns.create(EngineSettings.fromEnvironment(), NamingConfig.DEFAULT)) {
      Subscription changes = dns.subscribe(change -> write(file, change.current()));
      try {
        dns.start(); // the first full read is a change too, so the file appears with it
        Thread.sleep(keep.toMillis());
      } finally {
        changes.close();
      }
    }
  }

  static void write(Path file, RegistrySnapshot snapshot) {
    StringBuilder hosts = new StringBuilder("# written by dockerdns HostsFileWriter\n");
    for (Container c : snapshot.containers()) {
      for (InetAddress address : c.allAddresses()) {
        hosts.append(IpAddresses.format(address)).append(' ').append(c.name()).append(".docker");
        if (!c.hostname().isEmpty() && !c.hostname().equalsIgnoreCase(c.name())) {
          hosts.append(' ').append(c.hostname()).append(".docker");
        }
        hosts.append('\n');
      }
    }
    try {
      // Write aside, then move: readers never see half a file.
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".hosts", ".tmp");
      Files.writeString(temp, hosts);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
