package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.Dnsmasq;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's integration, for real: Debian's dnsmasq forwards {@code .docker} to dockerdns on
 * loopback ({@code server=/docker/127.0.0.1#PORT}), and dig asks dnsmasq.
 */
class DnsmasqIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final DockerFixture docker = new DockerFixture();

  private final List<Process> processes = new ArrayList<>();
  private Path log;

  @AfterEach
  void stop() throws IOException {
    processes.forEach(Process::destroyForcibly);
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void dnsmasq_forwards_the_docker_zone_to_dockerdns() throws Exception {
    String ip =
        docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", docker.run("fwd"));
    String subnet =
        docker.docker(
            "network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Subnet}}");
    log = Files.createTempFile("dockerdns", ".log");
    processes.add(
        // --nxdomain, as the README says: without it a missing name is SERVFAIL (the original
        // program's answer), which dnsmasq passes on as a failure rather than "no such name".
        new ProcessBuilder(RunnableJar.command("run", "--dns-port", "0", "--nxdomain"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
    Matcher port = RunnableJar.DNS_LISTENING.matcher("");
    Eventually.until(WAIT, "dockerdns to listen", () -> port.reset(RunnableJar.read(log)).find());

    int dnsmasqPort = LoopbackClients.freePort();
    List<String> dnsmasq = Dnsmasq.onLoopback(dnsmasqPort);
    dnsmasq.add("--server=/docker/127.0.0.1#" + port.group(1));
    dnsmasq.add("--rev-server=" + subnet + ",127.0.0.1#" + port.group(1));
    processes.add(new ProcessBuilder(dnsmasq).redirectErrorStream(true).start());

    String name = docker.name("fwd") + ".docker";
    Eventually.within(
        WAIT, () -> assertThat(LoopbackClients.digShort(dnsmasqPort, name)).isEqualTo(ip));
    // The README's rev-server line: reverse lookups of the bridge reach dockerdns too.
    assertThat(LoopbackClients.digShort(dnsmasqPort, "-x", ip)).isEqualTo(name + ".");
    assertThat(LoopbackClients.dig("127.0.0.1", dnsmasqPort, "nothing-here.docker"))
        .contains("status: NXDOMAIN");
  }
}
