package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coming from dnsdock or dns-proxy-server: their labels on real containers, asked with dig, read as
 * dockerdns's with {@code --compat dnsdock,dps} and ignored without it.
 */
class CompatIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();

  @Test
  void dnsdock_and_dps_labels_name_and_leave_out_containers_as_dockerdns_labels_would()
      throws Exception {
    String alias = docker.name("legacy-db");
    String aliased =
        ip(docker.run("aliased", "--label", "com.dnsdock.alias=" + alias + ".docker,off.example"));
    String ignored = docker.name("ignored");
    ip(docker.run("ignored", "--label", "com.dnsdock.ignore=1"));
    String disabled = docker.name("disabled");
    ip(docker.run("disabled", "--label", "dps.container.enabled=false"));
    String kept = docker.name("kept");
    String keptIp =
        ip(
            docker.run(
                "kept",
                "--label",
                "com.dnsdock.ignore=1",
                "--label",
                "dockerdns.enable=true")); // our own label wins

    Launches.Running compat =
        launches.startDns(
            "run", "--dns-port", "0", "--nxdomain", "--compat", "dnsdock,dps", "--ttl", "0");
    int port = compat.port();
    Eventually.within(
        WAIT, () -> assertThat(dig(port, "+short", alias + ".docker")).isEqualTo(aliased));
    assertThat(dig(port, ignored + ".docker")).contains("status: NXDOMAIN");
    assertThat(dig(port, disabled + ".docker")).contains("status: NXDOMAIN");
    assertThat(dig(port, "+short", kept + ".docker")).isEqualTo(keptIp);
    assertThat(compat.log())
        .as("an alias dockerdns cannot answer is said")
        .contains("names off.example, which is under no domain dockerdns answers (docker)");

    Launches.Running plain = launches.startDns("run", "--dns-port", "0", "--nxdomain");
    Eventually.within(
        WAIT,
        () ->
            assertThat(dig(plain.port(), "+short", ignored + ".docker"))
                .as("without --compat the labels mean nothing")
                .isNotEmpty());
    assertThat(dig(plain.port(), "+short", disabled + ".docker")).isNotEmpty();
    assertThat(dig(plain.port(), alias + ".docker")).contains("status: NXDOMAIN");
  }

  private String ip(String id) {
    return docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
  }

  private static String dig(int port, String... args) {
    return LoopbackClients.dig("127.0.0.1", port, args);
  }
}
