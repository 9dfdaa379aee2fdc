package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.DockerFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A remote engine as the docker CLI reaches one: over TCP with TLS and a client certificate. The
 * test engine (started by {@code scripts/ensure-engine.sh}) also listens on 127.0.0.1:23760 with
 * {@code --tlsverify}, on certificates that script made in {@code /var/lib/dockerdns-test/tls}.
 */
class RemoteEngineIT {

  /** Where scripts/engine-lib.sh keeps the client's files: machine-wide, as the engine is. */
  private static final Path CERTS = Path.of("/var/lib/dockerdns-test/tls/client");

  private static final String TLS_ENGINE = "127.0.0.1:23760";

  @RegisterExtension static final DockerFixture DOCKER = DockerFixture.sharedByClass();

  private static String name;
  private static String ip;

  @BeforeAll
  static void needsTheTlsListener() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 23760), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          "the test engine has no TLS listener on "
              + TLS_ENGINE
              + ": scripts/ensure-engine.sh starts it with one (restart an older one with"
              + " scripts/engine.sh stop && scripts/engine.sh start)",
          e);
    }
    name = DOCKER.name("remote");
    ip =
        DOCKER.docker(
            "inspect", "--format", "{{.NetworkSettings.IPAddress}}", DOCKER.run("remote"));
  }

  /** {@code lookup NAME.docker --docker-url URL [--docker-cert-path DIR]}. */
  private static CliRun lookupThrough(String url, String certs) {
    return certs == null
        ? CliRun.of("lookup", name + ".docker", "--docker-url", url)
        : CliRun.of("lookup", name + ".docker", "--docker-url", url, "--docker-cert-path", certs);
  }

  @Test
  void https_with_client_certificates_reaches_the_engine() {
    CliRun run = lookupThrough("https://" + TLS_ENGINE, CERTS.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines()).containsExactly(name + ".docker.\t10\tIN\tA\t" + ip);
  }

  @Test
  void tcp_with_the_certificates_given_uses_tls_as_the_docker_cli_does() {
    CliRun run = lookupThrough("tcp://" + TLS_ENGINE, CERTS.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void plain_tcp_to_a_tls_port_says_the_engine_may_want_tls() {
    CliRun run = lookupThrough("tcp://" + TLS_ENGINE, null);

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.err()).contains("if the engine wants TLS: https://");
  }

  @Test
  void missing_certificates_are_named() {
    CliRun run = lookupThrough("https://" + TLS_ENGINE, "/nonexistent");

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.err()).contains("needs /nonexistent/ca.pem");
  }

  @Test
  void a_certificate_the_engine_did_not_sign_is_refused_in_one_line() {
    CliRun run =
        lookupThrough(
            "https://" + TLS_ENGINE,
            CERTS.getParent().toString()); // the server's own: no client cert

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.err().strip().lines()).hasSize(1);
  }
}
