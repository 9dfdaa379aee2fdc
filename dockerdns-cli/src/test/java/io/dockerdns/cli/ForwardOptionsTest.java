package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.dns.forward.ForwardingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForwardOptionsTest {

  @TempDir Path dir;

  private static RunCommand runWith(String... args) {
    RunCommand run = new RunCommand();
    CommandLine.populateCommand(run, args);
    return run;
  }

  private static ForwardingConfig forwarding(RunCommand run) {
    return run.forwarding.config(run.shared, run.dnsConfig());
  }

  @Test
  void without_forward_nothing_is_forwarded_and_missing_names_stay_servfail() {
    RunCommand run = runWith();

    assertThat(forwarding(run)).isNull();
    assertThat(run.dnsConfig().nxdomain()).isFalse();
  }

  @Test
  void forward_takes_servers_in_order_and_makes_missing_names_nxdomain() {
    RunCommand run = runWith("--forward", "192.0.2.1", "--forward", "[2001:db8::1]:5353");

    assertThat(forwarding(run).upstreams())
        .extracting(Object::toString)
        .containsExactly("192.0.2.1:53", "[2001:db8::1]:5353");
    assertThat(run.dnsConfig().nxdomain()).isTrue();
  }

  @Test
  void an_explicit_no_nxdomain_wins_over_forwarding() {
    assertThat(runWith("--forward", "192.0.2.1", "--no-nxdomain").dnsConfig().nxdomain()).isFalse();
  }

  @Test
  void forward_system_reads_the_resolver_configuration_skipping_this_server() throws IOException {
    Path resolv =
        Files.writeString(
            dir.resolve("resolv.conf"), "nameserver 127.0.0.1\nnameserver 192.0.2.9\n");

    RunCommand run =
        runWith(
            "--forward",
            "system",
            "--resolv-conf",
            resolv.toString(),
            "--remember-upstreams",
            dir.resolve("system-upstreams").toString());

    assertThat(forwarding(run).upstreams())
        .extracting(Object::toString)
        .containsExactly("192.0.2.9:53");
    assertThat(dir.resolve("system-upstreams")).content().contains("nameserver 192.0.2.9");
  }

  @Test
  void the_config_file_sets_every_forwarding_key() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("dockerdns.json"),
            """
            {"forward": "192.0.2.1:5300", "forward_zone": "corp.test=10.0.0.53",
             "allow_recursion": "10.0.0.0/8,loopback",
             "cache": {"size": 50, "min_ttl": 5, "max_ttl": 600, "serve_stale": false}}
            """);

    ForwardingConfig config = forwarding(runWith("--config", file.toString()));

    assertThat(config.upstreams()).extracting(Object::toString).containsExactly("192.0.2.1:5300");
    assertThat(config.zones())
        .extracting(Object::toString)
        .containsExactly("corp.test=10.0.0.53:53");
    assertThat(config.allowedClients()).hasToString("10.0.0.0/8,127.0.0.0/8,::1/128");
    assertThat(config.cache().size()).isEqualTo(50);
    assertThat(config.cache().minTtl()).isEqualTo(5);
    assertThat(config.cache().maxTtl()).isEqualTo(600);
    assertThat(config.cache().serveStale()).isFalse();
  }

  @Test
  void print_config_shows_the_forwarding_settings_and_where_they_came_from() {
    CliRun print = CliRun.of("run", "--forward", "192.0.2.1", "--no-serve-stale", "--print-config");

    assertThat(print.out())
        .containsPattern("--forward\\s+\\[192.0.2.1:53\\]\\s+command line")
        .containsPattern("--allow-recursion\\s+\\[loopback, containers\\]\\s+default")
        .containsPattern("--cache-size\\s+10000\\s+default")
        .containsPattern("--\\[no-\\]serve-stale\\s+--no-serve-stale\\s+command line")
        .containsPattern("--\\[no-\\]nxdomain\\s+--nxdomain\\s+default");
  }
}
