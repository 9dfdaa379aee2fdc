package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.Dnsmasq;
import io.dockerdns.core.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe for dockerdns as the machine's resolver, restart included: start it with
 * {@code --forward system}, then point the resolver configuration at it. Port 53 on loopback
 * addresses of the test's own (dockerdns on 127.0.0.3, its upstream, Debian's dnsmasq, on
 * 127.0.0.2): a {@code nameserver} line has no port. The resolver configuration is a file of the
 * test's own ({@code --resolv-conf}), not this machine's.
 */
class ForwardSystemRecipeIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SELF = "127.0.0.3";
  private static final String UPSTREAM = "127.0.0.2";

  @RegisterExtension final Launches launches = new Launches();
  @TempDir Path dir;
  @RegisterExtension final Upstreams upstreams = new Upstreams();

  @Test
  void a_restart_after_the_machine_resolves_through_dockerdns_keeps_the_upstreams()
      throws Exception {
    List<String> dnsmasq = Dnsmasq.on(UPSTREAM, 53);
    dnsmasq.add("--address=/www.example.test/192.0.2.10");
    upstreams.start(dnsmasq);
    Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver " + UPSTREAM + "\n");
    Path memory = dir.resolve("state").resolve("system-upstreams");
    String[] run = {
      "run",
      "--dns-bind",
      SELF,
      "--dns-port",
      "53",
      "--forward",
      "system",
      "--resolv-conf",
      resolv.toString(),
      "--remember-upstreams",
      memory.toString()
    };

    Launches.Running first = launches.startDns(run);
    Eventually.within(WAIT, () -> assertThat(digShort("www.example.test")).isEqualTo("192.0.2.10"));

    // The recipe's second step: the machine now asks dockerdns.
    Files.writeString(resolv, "nameserver " + SELF + "\n");
    first.process().destroy();
    assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

    Launches.Running second = launches.startDns(run);
    assertThat(digShort("www.example.test")).isEqualTo("192.0.2.10");
    assertThat(second.log())
        .contains(resolv + " lists only this server itself ([" + SELF + ":53])")
        .contains(
            "forwarding to the upstreams remembered in " + memory + ": [" + UPSTREAM + ":53]");
  }

  private static String digShort(String name) {
    return LoopbackClients.dig(SELF, 53, "+short", name);
  }
}
