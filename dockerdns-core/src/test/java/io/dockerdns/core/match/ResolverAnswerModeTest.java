package io.dockerdns.core.match;

import static io.dockerdns.core.testing.AnswerText.render;
import static io.dockerdns.core.testing.ContainerFixtures.container;
import static io.dockerdns.core.testing.ContainerFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which address A answers give, by {@link AnswerMode}: the container's own, or the host's. */
class ResolverAnswerModeTest {

  private static final RegistrySnapshot SNAPSHOT = snapshot();

  private static RegistrySnapshot snapshot() {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(
        List.of(
            container("everywhere")
                .source("rootless")
                .ip("bridge", "10.0.0.1")
                .port(80, Protocol.TCP, "0.0.0.0", 8080)
                .port(80, Protocol.TCP, "::", 8080)
                .build(),
            container("loopback")
                .source("rootless")
                .ip("bridge", "10.0.0.2")
                .port(53, Protocol.UDP, "127.0.0.2", 5353)
                .build(),
            container("unpublished").source("rootless").ip("bridge", "10.0.0.3").build(),
            container("rootful")
                .source("rootful")
                .ip("bridge", "10.0.0.4")
                .port(80, Protocol.TCP, "0.0.0.0", 8081)
                .build()));
    return registry.snapshot();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          container | everywhere  | 10.0.0.1
          container | unpublished | 10.0.0.3
          published | everywhere  | 192.0.2.7
          published | loopback    | 127.0.0.2
          published | unpublished | NoData
          both      | everywhere  | 192.0.2.7
          both      | unpublished | 10.0.0.3
          """)
  void answers_by_mode(String mode, String name, String expected) {
    Resolver resolver =
        new Resolver(
            NamingConfig.DEFAULT
                .withHostAddress(ip("192.0.2.7"))
                .withAnswer(AnswerMode.parse(mode).orElseThrow()));

    assertThat(outcome(resolver, name)).isEqualTo(expected);
  }

  @Test
  void auto_answers_each_engine_as_found_and_as_container_until_then() {
    Resolver resolver =
        new Resolver(
            NamingConfig.DEFAULT.withHostAddress(ip("192.0.2.7")).withAnswer(AnswerMode.AUTO));
    assertThat(outcome(resolver, "everywhere")).as("not asked yet").isEqualTo("10.0.0.1");

    resolver.answerModeFound("rootless", AnswerMode.PUBLISHED);
    resolver.answerModeFound("rootful", AnswerMode.CONTAINER);

    assertThat(outcome(resolver, "everywhere")).isEqualTo("192.0.2.7");
    assertThat(outcome(resolver, "unpublished")).isEqualTo("NoData");
    assertThat(outcome(resolver, "rootful")).isEqualTo("10.0.0.4");
    assertThat(resolver.answerModeOf("rootless")).isEqualTo(AnswerMode.PUBLISHED);
  }

  private static String outcome(Resolver resolver, String name) {
    Resolution r = resolver.resolve(SNAPSHOT, name + ".docker", QueryType.A);
    return r instanceof Resolution.Found found
        ? render(found.answers())
        : r.getClass().getSimpleName();
  }
}
