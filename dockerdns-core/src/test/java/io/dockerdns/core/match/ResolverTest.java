package io.dockerdns.core.match;

import static io.dockerdns.core.testing.AnswerText.render;
import static io.dockerdns.core.testing.ContainerFixtures.container;
import static io.dockerdns.core.testing.ContainerFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.match.Answer.ServiceBinding;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolverTest {

  private static final RegistrySnapshot SNAPSHOT = fixtureRegistry();
  private final Resolver resolver = new Resolver(NamingConfig.DEFAULT);

  private static RegistrySnapshot fixtureRegistry() {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(
        List.of(
            container("web")
                .image("docker.io/library/nginx:1.25")
                .hostname("my-thing")
                .ip("bridge", "172.17.0.2", "fd00::2")
                .port(8080, Protocol.TCP, "0.0.0.0", 18080)
                .port(8080, Protocol.TCP, "::", 18080)
                .port(53, Protocol.UDP, "192.168.1.5", 5353)
                .label("dockerdns.aliases", "www, front ,")
                .build(),
            container("front").image("httpd").ip("bridge", "172.17.0.9").build(),
            container("db1")
                .image("registry.example.com:5000/team/postgres:15")
                .compose("db", "shop")
                .label("com.docker.compose.container-number", "1")
                .ip("bridge", "172.17.0.3")
                .ip("shop_default", "172.20.0.3")
                .build(),
            container("db2")
                .image("registry.example.com:5000/team/postgres:15")
                .compose("db", "shop")
                .label("com.docker.compose.container-number", "2")
                .label("dockerdns.network", "shop_default")
                .ip("bridge", "172.17.0.4")
                .ip("shop_default", "172.20.0.4")
                .build(),
            container("tracer")
                .image("eap63_tracer:v6.3.1")
                .hostname("shared")
                .ip("bridge", "172.17.0.5")
                .build(),
            container("z-other").hostname("Shared").ip("bridge", "172.17.0.6").build(),
            container("hostnet").image("busybox@sha256:abcd").build(),
            container("gone")
                .state(ContainerState.EXITED)
                .hostname("shared")
                .ip("bridge", "172.17.0.7")
                .build(),
            container("paused").state(ContainerState.PAUSED).ip("bridge", "172.17.0.8").build()));
    return registry.snapshot();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # by name, case-insensitive, trailing dot optional
          web.docker                 | A    | 172.17.0.2
          WEB.Docker.                | A    | 172.17.0.2
          web.docker                 | AAAA | fd00::2
          web.docker                 | ANY  | 172.17.0.2 fd00::2
          paused.docker              | A    | 172.17.0.8
          # name before alias: "front" is a container and an alias of web
          front.docker               | A    | 172.17.0.9
          www.docker                 | A    | 172.17.0.2
          # by hostname; several containers share one: all answer, sorted by name
          my-thing.docker            | A    | 172.17.0.2
          shared.docker              | A    | 172.17.0.5 172.17.0.6
          # image wildcard: short name, name:tag, repository, full reference
          nginx.*.docker             | A    | 172.17.0.2
          nginx:1.25.*.docker        | A    | 172.17.0.2
          library/nginx.*.docker     | A    | 172.17.0.2
          docker.io/library/nginx:1.25.*.docker | A | 172.17.0.2
          postgres.*.docker          | A    | 172.17.0.3 172.20.0.3 172.20.0.4
          team/postgres:15.*.docker  | A    | 172.17.0.3 172.20.0.3 172.20.0.4
          eap63_tracer:v6.3.1.*.docker | A  | 172.17.0.5
          eap63_tracer.*.docker      | A    | 172.17.0.5
          busybox.*.docker           | A    | 172.17.0.8 172.17.0.6
          # Compose SERVICE.PROJECT: every replica; db2's label narrows it to one network
          db.shop.docker             | A    | 172.17.0.3 172.20.0.3 172.20.0.4
          # N.SERVICE.PROJECT: one replica, by its container-number label
          1.db.shop.docker           | A    | 172.17.0.3 172.20.0.3
          2.db.shop.docker           | A    | 172.20.0.4
          # SRV: bindings of that port and protocol; 0.0.0.0 and :: collapse into one target
          _8080._tcp.web.docker      | SRV  | 18080 127-0-0-1.host.docker.
          _http-alt._tcp.www.docker  | SRV  | 18080 127-0-0-1.host.docker.
          _53._udp.web.docker        | SRV  | 5353 192-168-1-5.host.docker.
          _8080._tcp.nginx.*.docker  | SRV  | 18080 127-0-0-1.host.docker.
          # SRV targets are real names
          127-0-0-1.host.docker      | A    | 127.0.0.1
          fd00-0-0-0-0-0-0-1.host.docker | AAAA | fd00::1
          fd00--1.host.docker        | AAAA | fd00::1
          # reverse, on any network, IPv4 and IPv6
          2.0.17.172.in-addr.arpa    | PTR  | web.docker.
          3.0.20.172.in-addr.arpa.   | PTR  | db1.docker.
          2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa | PTR | web.docker.
          """)
  void resolves_each_rule_to_its_answers(String name, String type, String expected) {
    Resolution resolution = resolve(name, type);

    assertThat(resolution).isInstanceOf(Resolution.Found.class);
    assertThat(render(((Resolution.Found) resolution).answers())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # the name exists, but holds no data of that type (NODATA)
          tracer.docker              | AAAA  | NoData
          web.docker                 | SRV   | NoData
          web.docker                 | PTR   | NoData
          web.docker                 | OTHER | NoData
          _8080._tcp.web.docker      | A     | NoData
          hostnet.docker             | A     | NoData
          2.0.17.172.in-addr.arpa    | A     | NoData
          127-0-0-1.host.docker      | AAAA  | NoData
          docker                     | A     | NoData
          # empty non-terminals: names exist below them (RFC 8020: not NXDOMAIN)
          shop.docker                | A     | NoData
          _tcp.web.docker            | SRV   | NoData
          _udp.web.docker            | A     | NoData
          host.docker                | A     | NoData
          *.docker                   | A     | NoData
          1.*.docker                 | A     | NoData
          # nothing answers (NXDOMAIN)
          nothing.docker             | A     | NoSuchName
          gone.docker                | A     | NoSuchName
          7.0.17.172.in-addr.arpa    | PTR   | NoSuchName
          17.172.in-addr.arpa        | PTR   | NoSuchName
          _8080._udp.web.docker      | SRV   | NoSuchName
          _9999._tcp.web.docker      | SRV   | NoSuchName
          _8080._tcp.nothing.docker  | SRV   | NoSuchName
          _nosuchservice._tcp.web.docker | SRV | NoSuchName
          redis.*.docker             | A     | NoSuchName
          sub.web.docker             | A     | NoSuchName
          _sctp.web.docker           | A     | NoSuchName
          _tcp.nothing.docker        | A     | NoSuchName
          team.docker                | A     | NoSuchName
          999-0-0-1.host.docker      | A     | NoSuchName
          3.db.shop.docker           | A     | NoSuchName
          # not ours
          web.example.com            | A     | OutOfZone
          dockerx                    | A     | OutOfZone
          web.notdocker              | A     | OutOfZone
          """)
  void tells_no_data_from_no_such_name(String name, String type, String expected) {
    assertThat(resolve(name, type).getClass().getSimpleName()).isEqualTo(expected);
  }

  @Test
  void answers_under_a_configured_domain_only() {
    Resolver local = new Resolver(NamingConfig.DEFAULT.withDomain("Containers.Local."));

    assertThat(local.resolve(SNAPSHOT, "web.containers.local", QueryType.A))
        .isInstanceOf(Resolution.Found.class);
    assertThat(local.resolve(SNAPSHOT, "web.docker", QueryType.A))
        .isEqualTo(Resolution.OUT_OF_ZONE);
    assertThat(local.containerName(SNAPSHOT.byName("web").orElseThrow()))
        .isEqualTo("web.containers.local.");
  }

  @Test
  void every_form_answers_under_each_domain_the_first_naming_containers() {
    Resolver both =
        new Resolver(NamingConfig.DEFAULT.withDomains(List.of("docker", "local.example.com")));
    Container web = SNAPSHOT.byName("web").orElseThrow();

    for (String name :
        List.of("web.local.example.com", "www.local.example.com", "1.db.shop.local.example.com")) {
      assertThat(both.resolve(SNAPSHOT, name, QueryType.A))
          .as(name)
          .isInstanceOf(Resolution.Found.class);
    }
    assertThat(render(found(both.resolve(SNAPSHOT, "nginx.*.local.example.com", QueryType.A))))
        .isEqualTo("172.17.0.2");
    ServiceBinding srv =
        (ServiceBinding)
            found(both.resolve(SNAPSHOT, "_8080._tcp.web.local.example.com", QueryType.SRV)).get(0);
    assertThat(srv.target())
        .as("an SRV target resolves in the zone it was asked in")
        .isEqualTo("127-0-0-1.host.local.example.com.");
    assertThat(render(found(both.resolve(SNAPSHOT, "2.0.17.172.in-addr.arpa", QueryType.PTR))))
        .isEqualTo("web.docker.");
    assertThat(both.resolve(SNAPSHOT, "local.example.com", QueryType.A))
        .isEqualTo(Resolution.NO_DATA);
    assertThat(both.resolve(SNAPSHOT, "web.example.com", QueryType.A))
        .isEqualTo(Resolution.OUT_OF_ZONE);
    assertThat(both.resolve(SNAPSHOT, "nothing.local.example.com", QueryType.A))
        .isEqualTo(Resolution.NO_SUCH_NAME);
    assertThat(both.namesOf(SNAPSHOT, web))
        .containsExactly(
            "web.docker",
            "www.docker",
            "my-thing.docker",
            "nginx.*.docker",
            "web.local.example.com",
            "www.local.example.com",
            "my-thing.local.example.com",
            "nginx.*.local.example.com");
  }

  @Test
  void preferred_networks_narrow_the_addresses_of_containers_on_them() {
    Resolver preferring =
        new Resolver(
            NamingConfig.DEFAULT.withPreferredNetworks(List.of("nowhere", "shop_default")));

    assertThat(render(found(preferring.resolve(SNAPSHOT, "db1.docker", QueryType.A))))
        .isEqualTo("172.20.0.3");
    // web is not on a preferred network: every address still answers
    assertThat(render(found(preferring.resolve(SNAPSHOT, "web.docker", QueryType.A))))
        .isEqualTo("172.17.0.2");
  }

  @Test
  void ipv6_host_names_are_uncompressed_so_labels_never_start_with_a_hyphen() {
    Resolver resolver = new Resolver(NamingConfig.DEFAULT);

    assertThat(resolver.hostName(ip("::1"))).isEqualTo("0-0-0-0-0-0-0-1.host.docker.");
    assertThat(resolver.hostName(ip("fd00::2"))).isEqualTo("fd00-0-0-0-0-0-0-2.host.docker.");
  }

  @Test
  void srv_targets_for_all_interface_bindings_use_the_configured_host_address() {
    Resolver resolver = new Resolver(NamingConfig.DEFAULT.withHostAddress(ip("10.1.2.3")));

    Resolution r = resolver.resolve(SNAPSHOT, "_8080._tcp.web.docker", QueryType.SRV);

    ServiceBinding srv = (ServiceBinding) found(r).get(0);
    assertThat(srv.target()).isEqualTo("10-1-2-3.host.docker.");
    assertThat(IpAddresses.format(srv.targetAddress())).isEqualTo("10.1.2.3");
  }

  private Resolution resolve(String name, String type) {
    return resolver.resolve(SNAPSHOT, name, QueryType.valueOf(type));
  }

  private static List<Answer> found(Resolution resolution) {
    assertThat(resolution).isInstanceOf(Resolution.Found.class);
    return ((Resolution.Found) resolution).answers();
  }

  @Test
  void names_of_a_container_are_those_that_resolve_to_it() {
    Container web = SNAPSHOT.byName("web").orElseThrow();
    Container db1 = SNAPSHOT.byName("db1").orElseThrow();

    // "front" is web's alias, but the container named front takes the name: not listed for web.
    assertThat(resolver.namesOf(SNAPSHOT, web))
        .containsExactly("web.docker", "www.docker", "my-thing.docker", "nginx.*.docker");
    assertThat(resolver.namesOf(SNAPSHOT, db1))
        .containsExactly(
            "db1.docker",
            db1.hostname() + ".docker",
            "db.shop.docker",
            "1.db.shop.docker",
            "postgres.*.docker");
  }

  @Test
  void one_name_on_two_engines_answers_with_both_as_replicas_do_and_logs_nobody_in() {
    ContainerRegistry registry = new ContainerRegistry();
    registry
        .source("unix:///a.sock")
        .replaceAll(
            List.of(container("api").ip("bridge", "172.17.0.2").source("unix:///a.sock").build()));
    registry
        .source("tcp://b:2376")
        .replaceAll(
            List.of(
                container("api")
                    .ip("bridge", "172.17.0.7")
                    .source("tcp://b:2376")
                    .id("b".repeat(64))
                    .build()));
    RegistrySnapshot both = registry.snapshot();

    assertThat(render(found(resolver.resolve(both, "api.docker", QueryType.A))))
        .isEqualTo("172.17.0.2 172.17.0.7");
    assertThat(resolver.namesOf(both, both.allNamed("api").get(1))).contains("api.docker");
    assertThat(resolver.containerNamed(both, "api"))
        .as("an SFTP login must not land on either by chance")
        .isEmpty();
  }

  @Test
  void a_login_name_is_a_container_name_or_a_hostname_only_one_container_has() {
    assertThat(resolver.containerNamed(SNAPSHOT, "WEB")).map(Container::name).hasValue("web");
    assertThat(resolver.containerNamed(SNAPSHOT, "my-thing")).map(Container::name).hasValue("web");
    assertThat(resolver.containerNamed(SNAPSHOT, "shared")).as("two have it").isEmpty();
    assertThat(resolver.containerNamed(SNAPSHOT, "www")).as("aliases do not log in").isEmpty();
    assertThat(resolver.containerNamed(SNAPSHOT, "gone")).as("stopped").isEmpty();
  }
}
