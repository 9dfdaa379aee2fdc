package io.dockerdns.core.match;

import static io.dockerdns.core.testing.AnswerText.render;
import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.Health.Status;
import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Health checks and the per-container labels ({@code dockerdns.enable}, {@code .health}, {@code
 * .subdomains}, {@code .network}, {@code .ttl}) against the naming rules, each row a question and
 * what a client gets: addresses, {@code NoData} or {@code NoSuchName}.
 */
class ResolverHealthAndLabelsTest {

  private static final RegistrySnapshot SNAPSHOT =
      snapshot(
          container("ok").health(Status.HEALTHY).compose("api", "shop").ip("bridge", "10.0.0.1"),
          container("sick")
              .health(Status.UNHEALTHY)
              .compose("api", "shop")
              .hostname("sick-host")
              .port(80, Protocol.TCP, "0.0.0.0", 8080)
              .ip("bridge", "10.0.0.2"),
          container("new").health(Status.STARTING).ip("bridge", "10.0.0.3"),
          container("plain").ip("bridge", "10.0.0.4"),
          container("stubborn")
              .health(Status.UNHEALTHY)
              .label("dockerdns.health", "ignore")
              .ip("bridge", "10.0.0.5"),
          container("hidden")
              .label("dockerdns.enable", "false")
              .hostname("plain2")
              .ip("bridge", "10.0.0.6"),
          container("other").hostname("hidden").ip("bridge", "10.0.0.7"),
          container("vhost").label("dockerdns.subdomains", "true").ip("bridge", "10.0.0.8"),
          container("api.vhost").ip("bridge", "10.0.0.9"),
          container("nosub").ip("bridge", "10.0.0.10"),
          container("two")
              .label("dockerdns.network", "back, front")
              .ip("front", "10.1.0.11")
              .ip("back", "10.2.0.11")
              .ip("bridge", "10.0.0.11"),
          container("nowhere").label("dockerdns.network", "absent").ip("bridge", "10.0.0.12"));

  private final Resolver resolver = new Resolver(NamingConfig.DEFAULT);

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # health: only passing checks answer; a name whose containers all fail is NODATA;
          # the image wildcard (by name: api.vhost, nosub, ok, ...) leaves out sick and new
          ok.docker                  | A   | 10.0.0.1
          sick.docker                | A   | NoData
          sick-host.docker           | A   | NoData
          new.docker                 | A   | NoData
          plain.docker               | A   | 10.0.0.4
          stubborn.docker            | A   | 10.0.0.5
          api.shop.docker            | A   | 10.0.0.1
          busybox.*.docker           | A   | 10.0.0.9 10.0.0.10 10.0.0.1 10.0.0.7 10.0.0.4 10.0.0.5 10.2.0.11 10.1.0.11 10.0.0.8
          _80._tcp.sick.docker       | SRV | NoData
          _81._tcp.sick.docker       | SRV | NoSuchName
          # a pointer names, it does not route: PTR follows no health
          2.0.0.10.in-addr.arpa      | PTR | sick.docker.
          # dockerdns.enable=false: in no answer, and holds no name (other's hostname answers)
          hidden.docker              | A   | 10.0.0.7
          plain2.docker              | A   | NoSuchName
          6.0.0.10.in-addr.arpa      | PTR | NoSuchName
          # dockerdns.subdomains=true: any depth, the lowest rule; a real name below wins
          x.vhost.docker             | A   | 10.0.0.8
          a.b.c.vhost.docker         | A   | 10.0.0.8
          api.vhost.docker           | A   | 10.0.0.9
          x.nosub.docker             | A   | NoSuchName
          # dockerdns.network=NET,NET: those networks only; none when on neither
          two.docker                 | A   | 10.2.0.11 10.1.0.11
          nowhere.docker             | A   | NoData
          """)
  void answers_by_health_and_labels(String name, String type, String expected) {
    assertThat(outcome(resolver, name, type)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          sick.docker    | 10.0.0.2
          new.docker     | 10.0.0.3
          hidden.docker  | 10.0.0.7
          """)
  void health_ignore_answers_whatever_the_checks_say(String name, String expected) {
    Resolver ignoring = new Resolver(NamingConfig.DEFAULT.withFollowHealth(false));

    assertThat(outcome(ignoring, name, "A")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          plain.docker        | NoSuchName
          busybox.*.docker    | NoSuchName
          optin.docker        | 10.0.0.20
          hidden.docker       | NoSuchName
          """)
  void without_expose_by_default_only_labelled_containers_are_named(String name, String expected) {
    RegistrySnapshot snapshot =
        snapshot(
            container("plain").ip("bridge", "10.0.0.4"),
            container("optin")
                .image("other")
                .label("dockerdns.enable", "TRUE")
                .ip("bridge", "10.0.0.20"),
            container("hidden").label("dockerdns.enable", "false").ip("bridge", "10.0.0.6"));
    Resolver optIn = new Resolver(NamingConfig.DEFAULT.withExposeByDefault(false));

    assertThat(outcome(optIn, snapshot, name, "A")).isEqualTo(expected);
  }

  @Test
  void a_container_cannot_take_the_subdomains_of_another_s_name() {
    RegistrySnapshot snapshot =
        snapshot(
            container("web").ip("bridge", "10.0.0.1"),
            container("evil")
                .label("dockerdns.aliases", "web")
                .hostname("web")
                .label("dockerdns.subdomains", "true")
                .ip("bridge", "10.0.0.66"));

    assertThat(outcome(resolver, snapshot, "login.web.docker", "A")).isEqualTo("NoSuchName");
    assertThat(outcome(resolver, snapshot, "login.evil.docker", "A")).isEqualTo("10.0.0.66");
  }

  @Test
  void preferred_networks_choose_the_first_one_a_container_is_on() {
    Resolver preferring =
        new Resolver(NamingConfig.DEFAULT.withPreferredNetworks(List.of("missing", "back")));

    assertThat(outcome(preferring, "two.docker", "A")).as("its label wins").contains("10.1.0.11");
    assertThat(outcome(preferring, "plain.docker", "A")).as("on none: all").isEqualTo("10.0.0.4");
  }

  @Test
  void a_container_left_out_says_why() {
    assertThat(resolver.leftOut(SNAPSHOT, "sick.docker"))
        .extracting(l -> l.container().name() + ": " + l.reason())
        .singleElement()
        .asString()
        .startsWith("sick: unhealthy since 2026-12-06 ");
    assertThat(resolver.leftOut(SNAPSHOT, "api.shop.docker"))
        .extracting(l -> l.container().name())
        .containsExactly("sick");
    assertThat(resolver.leftOut(SNAPSHOT, "new.docker"))
        .extracting(Resolver.LeftOut::reason)
        .singleElement()
        .asString()
        .startsWith("starting: its health check has not passed yet since");
    assertThat(resolver.leftOut(SNAPSHOT, "hidden.docker"))
        .extracting(Resolver.LeftOut::reason)
        .containsExactly("labelled dockerdns.enable=false");
    assertThat(resolver.leftOut(SNAPSHOT, "ok.docker")).isEmpty();
  }

  @Test
  void the_names_a_container_holds_are_listed_whatever_its_health() {
    Container sick = SNAPSHOT.byName("sick").orElseThrow();
    Container vhost = SNAPSHOT.byName("vhost").orElseThrow();
    Container hidden = SNAPSHOT.byName("hidden").orElseThrow();

    assertThat(resolver.namesOf(SNAPSHOT, sick))
        .containsExactly("sick.docker", "sick-host.docker", "api.shop.docker", "busybox.*.docker");
    assertThat(resolver.namesOf(SNAPSHOT, vhost)).contains("vhost.docker", "*.vhost.docker");
    assertThat(resolver.namesOf(SNAPSHOT, hidden)).isEmpty();
  }

  @Test
  void answers_take_the_shortest_ttl_their_containers_ask_for() {
    RegistrySnapshot snapshot =
        snapshot(
            container("a").compose("s", "p").label("dockerdns.ttl", "30").ip("n", "10.0.0.1"),
            container("b").compose("s", "p").label("dockerdns.ttl", "5").ip("n", "10.0.0.2"),
            container("c").label("dockerdns.ttl", "forever").ip("n", "10.0.0.3"));

    assertThat(Answer.ttlOf(found(resolver, snapshot, "a.docker"), 10)).isEqualTo(30);
    assertThat(Answer.ttlOf(found(resolver, snapshot, "s.p.docker"), 10)).isEqualTo(5);
    assertThat(Answer.ttlOf(found(resolver, snapshot, "c.docker"), 10)).as("invalid").isEqualTo(10);
  }

  private static List<Answer> found(Resolver resolver, RegistrySnapshot snapshot, String name) {
    return ((Resolution.Found) resolver.resolve(snapshot, name, QueryType.A)).answers();
  }

  private static String outcome(Resolver resolver, String name, String type) {
    return outcome(resolver, SNAPSHOT, name, type);
  }

  private static String outcome(
      Resolver resolver, RegistrySnapshot snapshot, String name, String type) {
    Resolution r = resolver.resolve(snapshot, name, QueryType.valueOf(type));
    return r instanceof Resolution.Found found
        ? render(found.answers())
        : r.getClass().getSimpleName();
  }

  private static RegistrySnapshot snapshot(
      io.dockerdns.core.testing.ContainerFixtures.Builder... containers) {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(List.of(containers).stream().map(b -> b.build()).toList());
    return registry.snapshot();
  }
}
