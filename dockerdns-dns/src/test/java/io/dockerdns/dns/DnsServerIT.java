package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DNS server on a real engine, asked by the real dig, over UDP and TCP. The wire suite: with
 * {@code -Ddockerdns.it.engine=podman} (the build's second run of it) the same checks run against
 * rootful Podman's containers.
 */
class DnsServerIT {

  private static final boolean PODMAN = "podman".equals(System.getProperty("dockerdns.it.engine"));

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int CROWD = 34;

  @RegisterExtension
  static final DockerFixture shared =
      PODMAN ? DockerFixture.podmanSharedByClass() : DockerFixture.sharedByClass();

  @RegisterExtension
  final DockerFixture docker = PODMAN ? DockerFixture.podman() : new DockerFixture();

  private static DockerDns registry;
  private static DnsServer server;
  private static int port;
  private static String webIp;
  private static String v6Ip;
  private static String hostPort;

  private final List<DnsServer> extraServers = new ArrayList<>();

  @BeforeAll
  static void startContainersAndServer() throws Exception {
    String v6net =
        shared.network(
            "v6",
            "--ipv6",
            "--subnet",
            "fd00:dd:"
                + Integer.toHexString((int) (ProcessHandle.current().pid() & 0xffff))
                + "::/64");
    shared.run(
        "web",
        "--hostname",
        shared.name("thing"),
        "--label",
        "dockerdns.aliases=" + shared.name("www"),
        "--label",
        "com.docker.compose.service=api",
        "--label",
        "com.docker.compose.project=" + shared.name("shop"),
        "--label",
        "com.docker.compose.container-number=1",
        "-p",
        "127.0.0.1::8080");
    shared.run("v6", "--network", v6net);
    // Enough containers behind one name that the plain-UDP answer overflows 512 bytes.
    CompletableFuture<?>[] starts =
        IntStream.range(0, CROWD)
            .mapToObj(
                i ->
                    CompletableFuture.runAsync(
                        () ->
                            shared.run(
                                "crowd" + i,
                                "--label",
                                "dockerdns.aliases=" + shared.name("crowd"))))
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(starts).join();
    webIp = inspect("web", "{{.NetworkSettings.IPAddress}}");
    v6Ip =
        inspect("v6", "{{(index .NetworkSettings.Networks \"" + v6net + "\").GlobalIPv6Address}}");
    hostPort = inspect("web", "{{(index (index .NetworkSettings.Ports \"8080/tcp\") 0).HostPort}}");

    registry =
        DockerDns.create(
            EngineSettings.forUrl(PODMAN ? DockerFixture.PODMAN_URL : DockerFixture.engineUrl()),
            NamingConfig.DEFAULT);
    registry.start();
    assertThat(registry.awaitSync(WAIT)).isTrue();
    server = serve(DnsServerConfig.DEFAULT);
    port = server.port();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void stopExtraServers() {
    extraServers.forEach(DnsServer::close);
  }

  private static DnsServer serve(DnsServerConfig config) {
    return DnsServer.start(
        config.toBuilder().bind(IpAddresses.require("127.0.0.1", "loopback"), 0).build(),
        registry.resolver(),
        registry::snapshot);
  }

  private static String inspect(String base, String format) {
    return shared.docker("inspect", "--format", format, shared.name(base));
  }

  private static String name(String base) {
    return shared.name(base) + ".docker.";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"+notcp", "+tcp", "+noedns", "+tcp +noedns"})
  void answers_a_for_every_key_form_over_each_transport(String options) {
    String[] opts = options.split(" ", -1);
    String[][] cases = {
      {name("web"), name("web")},
      {
        upperFirst(shared.name("thing")) + ".Docker.", upperFirst(shared.name("thing")) + ".Docker."
      },
      {shared.name("www") + ".docker.", shared.name("www") + ".docker."},
      {"api." + shared.name("shop") + ".docker.", "api." + shared.name("shop") + ".docker."},
      {"1.api." + shared.name("shop") + ".docker.", "1.api." + shared.name("shop") + ".docker."},
    };
    for (String[] c : cases) {
      Dig dig = Dig.query(port, concat(opts, c[0], "A"));
      assertThat(dig.status()).as(c[0]).isEqualTo("NOERROR");
      assertThat(dig.flags()).as(c[0]).contains("qr", "aa").doesNotContain("tc", "ra");
      assertThat(dig.answer()).as(c[0]).containsExactly(c[1] + " 10 IN A " + webIp);
    }
  }

  @Test
  void image_wildcard_answers_are_owned_by_the_question_as_asked() {
    Dig dig = Dig.query(port, "BusyBox.*.docker", "A");

    assertThat(dig.status()).isEqualTo("NOERROR");
    assertThat(dig.answer()).contains("BusyBox.*.docker. 10 IN A " + webIp);
    assertThat(dig.answer()).allMatch(r -> r.startsWith("BusyBox.*.docker. 10 IN A "));
  }

  @Test
  void aaaa_answers_from_an_ipv6_network_and_is_nodata_on_an_ipv4_only_container() {
    assertThat(Dig.query(port, name("v6"), "AAAA").answer())
        .containsExactly(name("v6") + " 10 IN AAAA " + v6Ip);

    Dig nodata = Dig.query(port, name("web"), "AAAA");
    assertThat(nodata.status()).isEqualTo("NOERROR");
    assertThat(nodata.answer()).isEmpty();
    assertThat(nodata.authority()).singleElement().asString().startsWith("docker. 10 IN SOA ");
  }

  @Test
  void a_missing_name_is_servfail_by_default_and_nxdomain_with_soa_when_configured() {
    assertThat(Dig.query(port, name("nothing"), "A").status()).isEqualTo("SERVFAIL");

    DnsServer nx = serve(DnsServerConfig.builder().nxdomain(true).build());
    extraServers.add(nx);
    Dig dig = Dig.query(nx.port(), name("nothing"), "A");
    assertThat(dig.status()).isEqualTo("NXDOMAIN");
    assertThat(dig.flags()).contains("aa");
    assertThat(dig.authority()).singleElement().asString().startsWith("docker. 10 IN SOA ");
  }

  @Test
  void srv_gives_the_host_port_and_a_target_that_resolves() {
    String srv = "_8080._tcp." + name("web");
    Dig dig = Dig.query(port, srv, "SRV");

    assertThat(dig.answer())
        .containsExactly(srv + " 10 IN SRV 100 100 " + hostPort + " 127-0-0-1.host.docker.");
    assertThat(dig.additional()).containsExactly("127-0-0-1.host.docker. 10 IN A 127.0.0.1");
    assertThat(Dig.query(port, "127-0-0-1.host.docker.", "A").answer())
        .containsExactly("127-0-0-1.host.docker. 10 IN A 127.0.0.1");
    assertThat(Dig.query(port, "_8080._udp." + name("web"), "SRV").status()).isEqualTo("SERVFAIL");
  }

  @Test
  void ptr_answers_for_ipv4_and_ipv6_addresses() {
    assertThat(Dig.query(port, "-x", webIp).answer())
        .singleElement()
        .asString()
        .endsWith(" 10 IN PTR " + name("web"));
    assertThat(Dig.query(port, "-x", v6Ip).answer())
        .singleElement()
        .asString()
        .endsWith(" 10 IN PTR " + name("v6"));
  }

  @Test
  void soa_and_ns_at_the_apex() {
    Dig soa = Dig.query(port, "docker.", "SOA");
    assertThat(soa.flags()).contains("aa");
    assertThat(soa.answer())
        .singleElement()
        .asString()
        .matches(
            "docker\\. 10 IN SOA 127-0-0-1\\.host\\.docker\\. hostmaster\\.docker\\. \\d+ 3600 600 86400 10");

    Dig ns = Dig.query(port, "docker.", "NS");
    assertThat(ns.answer()).containsExactly("docker. 10 IN NS 127-0-0-1.host.docker.");
    assertThat(ns.additional()).containsExactly("127-0-0-1.host.docker. 10 IN A 127.0.0.1");
  }

  @Test
  void refuses_other_zones_classes_and_zone_transfers() {
    assertThat(Dig.query(port, "example.com.", "A").status()).isEqualTo("REFUSED");
    assertThat(Dig.query(port, "-c", "CH", "version.bind.", "TXT").status()).isEqualTo("REFUSED");
    assertThat(Dig.query(port, "docker.", "AXFR").raw()).contains("Transfer failed");
  }

  @Test
  void any_gets_a_minimal_answer() {
    Dig dig = Dig.query(port, name("web"), "ANY");

    assertThat(dig.status()).isEqualTo("NOERROR");
    assertThat(dig.answer()).containsExactly(name("web") + " 10 IN A " + webIp);
  }

  @Test
  void edns_version_1_is_badvers() {
    Dig dig = Dig.query(port, "+edns=1", "+noednsnegotiation", name("web"), "A");

    assertThat(dig.status()).isEqualTo("BADVERS");
  }

  @Test
  void a_large_answer_is_truncated_over_plain_udp_and_whole_over_edns_and_tcp() {
    String crowd = shared.name("crowd") + ".docker.";

    Dig plain = Dig.query(port, "+noedns", "+ignore", crowd, "A");
    assertThat(plain.flags()).contains("tc");
    assertThat(plain.answer().size()).isLessThan(CROWD);

    Dig edns = Dig.query(port, "+bufsize=1232", crowd, "A");
    assertThat(edns.flags()).doesNotContain("tc");
    assertThat(edns.answer()).hasSize(CROWD);

    Dig tcp = Dig.query(port, "+tcp", "+noedns", crowd, "A");
    assertThat(tcp.flags()).doesNotContain("tc");
    assertThat(tcp.answer()).hasSize(CROWD);
  }

  @Test
  void a_container_change_shows_in_dns_without_polling() {
    String id = docker.run("moving");
    String moving = docker.name("moving") + ".docker.";
    Eventually.within(
        WAIT, () -> assertThat(Dig.query(port, moving, "A").status()).isEqualTo("NOERROR"));

    docker.docker("rename", id, docker.name("moved"));
    docker.removeAfterTest(docker.name("moved"));
    Eventually.within(
        WAIT,
        () -> {
          assertThat(Dig.query(port, moving, "A").status()).isEqualTo("SERVFAIL");
          assertThat(Dig.query(port, docker.name("moved") + ".docker.", "A").status())
              .isEqualTo("NOERROR");
        });

    docker.docker("stop", "-t", "0", id);
    Eventually.within(
        WAIT,
        () ->
            assertThat(Dig.query(port, docker.name("moved") + ".docker.", "A").status())
                .isEqualTo("SERVFAIL"));
  }

  private static String upperFirst(String s) {
    return s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
  }

  private static String[] concat(String[] options, String... more) {
    List<String> all = new ArrayList<>();
    for (String o : options) {
      if (!o.equals("+notcp")) {
        all.add(o);
      }
    }
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
