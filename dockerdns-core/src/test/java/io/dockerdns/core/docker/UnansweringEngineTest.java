package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.registry.Freshness;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An "engine" that accepts connections and never answers a byte (a loopback listener of the test's
 * own): every request fails within the request timeout, with a message that says so.
 */
@Timeout(30)
class UnansweringEngineTest {

  private ServerSocket silent;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private EngineSettings settings;

  @BeforeEach
  void listen() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  accepted.add(silent.accept()); // held open, never read, never answered
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    settings =
        EngineSettings.forUrl("tcp://127.0.0.1:" + silent.getLocalPort())
            .withRequestTimeout(Duration.ofMillis(500))
            .withMaxBackoff(Duration.ofMillis(200));
  }

  @AfterEach
  void close() throws IOException {
    silent.close();
    for (Socket s : accepted) {
      s.close();
    }
  }

  @Test
  void a_one_off_read_fails_within_the_request_timeout_and_says_so() {
    try (DockerDns dns = DockerDns.create(settings, NamingConfig.DEFAULT)) {
      long started = System.nanoTime();

      assertThatThrownBy(dns::readOnce)
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("did not answer within 500 ms");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void following_it_leaves_the_registry_never_synced_with_the_reason() {
    try (DockerDns dns = DockerDns.create(settings, NamingConfig.DEFAULT)) {
      dns.start();

      Eventually.until(
          Duration.ofSeconds(5),
          "the reason",
          () -> dns.snapshot().freshness().failure().isPresent());
      assertThat(dns.snapshot().freshness().state()).isEqualTo(Freshness.State.NEVER_SYNCED);
      assertThat(dns.snapshot().freshness().failure())
          .hasValueSatisfying(
              why ->
                  assertThat(why)
                      .contains("Docker Engine at tcp://127.0.0.1:")
                      .contains("did not answer within 500 ms"));
    }
  }
}
