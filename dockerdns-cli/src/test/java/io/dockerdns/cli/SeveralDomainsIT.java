package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.Dnsmasq;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --domain} given twice, asked with dig on a real engine: every name under each domain, each
 * zone its own SOA, and the second domain never forwarded, though the upstream (Debian's dnsmasq on
 * loopback) has an answer for it.
 */
class SeveralDomainsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();
  @RegisterExtension final Upstreams upstreams = new Upstreams();

  @Test
  void every_name_answers_under_each_domain_and_neither_goes_upstream() throws Exception {
    String web = docker.name("web");
    String ip =
        docker.docker(
            "inspect",
            "--format",
            "{{.NetworkSettings.IPAddress}}",
            docker.run("web", "-p", "127.0.0.1::80"));
    int upstreamPort = LoopbackClients.freePort();
    List<String> dnsmasq = Dnsmasq.onLoopback(upstreamPort);
    dnsmasq.add("--address=/local.example.com/192.0.2.66"); // what a leak would answer
    upstreams.start(dnsmasq);

    Launches.Running dns =
        launches.startDns(
            "run",
            "--dns-port",
            "0",
            "--domain",
            "docker",
            "--domain",
            "Local.Example.com.",
            "--nxdomain",
            "--forward",
            "127.0.0.1:" + upstreamPort);
    int port = dns.port();

    Eventually.within(
        WAIT, () -> assertThat(dig(port, "+short", web + ".local.example.com")).isEqualTo(ip));
    assertThat(dig(port, "+short", web + ".docker")).isEqualTo(ip);
    assertThat(dig(port, "+short", "_80._tcp." + web + ".local.example.com", "SRV"))
        .as("the SRV target is named in the zone asked")
        .endsWith(" 127-0-0-1.host.local.example.com.");
    assertThat(dig(port, "+short", "-x", ip)).isEqualTo(web + ".docker.");

    String missing = dig(port, "nothing.local.example.com");
    assertThat(missing).contains("status: NXDOMAIN").doesNotContain("192.0.2.66");
    assertThat(missing).containsPattern("(?m)^local\\.example\\.com\\.\\s+\\d+\\s+IN\\s+SOA\\s");
    assertThat(dig(port, "+short", "local.example.com", "SOA"))
        .startsWith("127-0-0-1.host.local.example.com. hostmaster.local.example.com. ");
    assertThat(dig(port, "+short", "docker", "SOA")).startsWith("127-0-0-1.host.docker. ");
  }

  private static String dig(int port, String... args) {
    return LoopbackClients.dig("127.0.0.1", port, args);
  }
}
