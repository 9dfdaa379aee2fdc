package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.Dnsmasq;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that are no container's, asked with dig: {@code --record} and a hosts file followed for
 * changes, beside a real engine's containers and a real upstream (Debian's dnsmasq on loopback).
 */
class StaticRecordsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();
  @TempDir Path dir;
  @RegisterExtension final Upstreams upstreams = new Upstreams();

  @Test
  void records_and_a_followed_hosts_file_answer_beside_containers_and_forwarding()
      throws Exception {
    String takenIp =
        docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", docker.run("taken"));
    String taken = docker.name("taken");
    int upstreamPort = LoopbackClients.freePort();
    List<String> dnsmasq = Dnsmasq.onLoopback(upstreamPort);
    dnsmasq.add("--address=/www.example.test/192.0.2.10");
    dnsmasq.add("--ptr-record=10.1.168.192.in-addr.arpa,from-upstream.example");
    upstreams.start(dnsmasq);
    Path hosts = Files.writeString(dir.resolve("hosts"), "10.0.0.5 printer printer.office\n");

    Launches.Running dns =
        launches.startDns(
            "run",
            "--dns-port",
            "0",
            "--record",
            "nas=192.168.1.10",
            "--record",
            "nas.docker=fd00::10",
            "--record",
            taken + "=192.0.2.99",
            "--hosts-file",
            hosts.toString(),
            "--forward",
            "127.0.0.1:" + upstreamPort);
    int port = dns.port();

    Eventually.within( // the zone is SERVFAIL until the engine's first read
        WAIT, () -> assertThat(dig(port, "+short", "nas.docker")).isEqualTo("192.168.1.10"));
    assertThat(dig(port, "+short", "nas.docker", "AAAA")).isEqualTo("fd00::10");
    assertThat(dig(port, "+short", "-x", "192.168.1.10"))
        .as("the record's PTR, not the upstream's")
        .isEqualTo("nas.docker.");
    assertThat(dig(port, "+short", "printer.office.docker")).isEqualTo("10.0.0.5");
    Eventually.within(
        WAIT,
        () ->
            assertThat(dig(port, "+short", taken + ".docker"))
                .as("a container holding the name wins")
                .isEqualTo(takenIp));
    assertThat(dig(port, "nothing.docker")).contains("status: NXDOMAIN");
    assertThat(dig(port, "+short", "www.example.test")).isEqualTo("192.0.2.10");

    Files.writeString(hosts, "10.0.0.6 printer\n");
    Eventually.within(
        WAIT, () -> assertThat(dig(port, "+short", "printer.docker")).isEqualTo("10.0.0.6"));
    assertThat(dig(port, "printer.office.docker")).contains("status: NXDOMAIN");
    assertThat(dns.log()).contains("hosts file " + hosts + " changed: 1 records");
  }

  private static String dig(int port, String... args) {
    return LoopbackClients.dig("127.0.0.1", port, args);
  }
}
