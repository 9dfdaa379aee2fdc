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
 * {@code --log-queries}, asked with dig: a line per question, saying where its answer came from.
 */
class QueryLogIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();
  @RegisterExtension final Upstreams upstreams = new Upstreams();

  @Test
  void each_question_is_one_line_from_the_registry_the_cache_or_upstream() throws Exception {
    docker.run("logged");
    String name = docker.name("logged") + ".docker.";
    int upstreamPort = LoopbackClients.freePort();
    List<String> dnsmasq = Dnsmasq.onLoopback(upstreamPort);
    dnsmasq.add("--address=/www.example.test/192.0.2.10");
    upstreams.start(dnsmasq);
    Launches.Running dns =
        launches.startDns(
            "run", "--dns-port", "0", "--log-queries", "--forward", "127.0.0.1:" + upstreamPort);
    int port = dns.port();

    Eventually.within(
        WAIT, () -> assertThat(LoopbackClients.digShort(port, name)).isNotEmpty()); // synced
    // The same bytes twice (dig's cookie differs per run): the second gets the kept reply.
    LoopbackClients.digShort(port, "+nocookie", name);
    LoopbackClients.digShort(port, "+nocookie", name);
    LoopbackClients.digShort(port, "+tcp", "www.example.test");

    Eventually.within(
        WAIT,
        () ->
            assertThat(dns.log())
                .containsPattern(
                    "QueryLog - 127\\.0\\.0\\.1 udp \\Q"
                        + name
                        + "\\E A NOERROR [0-9.]+ ms registry")
                .containsPattern(
                    "QueryLog - 127\\.0\\.0\\.1 udp \\Q" + name + "\\E A NOERROR [0-9.]+ ms cache")
                .containsPattern(
                    "QueryLog - 127\\.0\\.0\\.1 tcp www\\.example\\.test\\. A NOERROR [0-9.]+ ms upstream"));
  }

  @Test
  void without_the_option_no_question_is_logged() throws Exception {
    Launches.Running dns = launches.startDns("run", "--dns-port", "0");
    Eventually.within(
        WAIT,
        () ->
            assertThat(LoopbackClients.dig("127.0.0.1", dns.port(), "nothing.docker"))
                .contains("status: SERVFAIL"));

    assertThat(dns.log()).doesNotContain("QueryLog");
  }
}
