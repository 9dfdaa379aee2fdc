package io.dockerdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.ContainerFixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelReadingTest {

  private final LabelReading both =
      new LabelReading(Set.of(LabelDialect.DNSDOCK, LabelDialect.DPS), List.of("docker"));

  @Test
  void dnsdock_aliases_are_full_names_read_as_keys_under_the_domain() {
    Map<String, String> read =
        both.read(Map.of(LabelDialect.DNSDOCK_ALIAS, "db.docker, SQL.Docker.", "x", "y"));

    assertThat(read)
        .containsEntry(Container.ALIASES_LABEL, "db,sql")
        .containsEntry(LabelDialect.DNSDOCK_ALIAS, "db.docker, SQL.Docker.")
        .containsEntry("x", "y");
  }

  @Test
  void dnsdock_aliases_join_the_containers_own() {
    Map<String, String> read =
        both.read(
            Map.of(
                Container.ALIASES_LABEL,
                "www,db",
                LabelDialect.DNSDOCK_ALIAS,
                "db.docker,api.docker"));

    assertThat(read).containsEntry(Container.ALIASES_LABEL, "www,db,api");
  }

  @Test
  void an_alias_under_no_domain_is_left_out_and_said() {
    Map<String, String> labels =
        Map.of(LabelDialect.DNSDOCK_ALIAS, "db.example.com,docker,ok.docker");

    assertThat(both.read(labels)).containsEntry(Container.ALIASES_LABEL, "ok");
    assertThat(both.problems(labels))
        .containsExactly(
            "label com.dnsdock.alias=\"db.example.com,docker,ok.docker\" names db.example.com,"
                + " which is under no domain dockerdns answers (docker): that alias is left out",
            "label com.dnsdock.alias=\"db.example.com,docker,ok.docker\" names docker,"
                + " which is under no domain dockerdns answers (docker): that alias is left out");
  }

  @Test
  void dnsdock_ignore_leaves_the_container_out_whatever_its_value() {
    Container c = container(both.read(Map.of(LabelDialect.DNSDOCK_IGNORE, "")));

    assertThat(c.enableLabel()).contains(false);
  }

  @Test
  void dps_enabled_false_leaves_it_out_and_a_word_that_is_no_boolean_is_said() {
    assertThat(container(both.read(Map.of(LabelDialect.DPS_ENABLED, " False"))).enableLabel())
        .contains(false);
    Map<String, String> typo = Map.of(LabelDialect.DPS_ENABLED, "no");
    assertThat(container(both.read(typo)).enableLabel()).isEmpty();
    assertThat(both.problems(typo))
        .containsExactly(
            "label dps.container.enabled=\"no\" is neither \"true\" nor \"false\": the default"
                + " applies");
  }

  @Test
  void the_containers_own_enable_label_wins_over_another_tools() {
    Map<String, String> labels =
        Map.of(Container.ENABLE_LABEL, "true", LabelDialect.DNSDOCK_IGNORE, "1");

    assertThat(container(both.read(labels)).enableLabel()).contains(true);
  }

  @Test
  void a_dialect_not_asked_for_is_not_read() {
    LabelReading dpsOnly = new LabelReading(Set.of(LabelDialect.DPS), List.of("docker"));
    Map<String, String> labels =
        Map.of(LabelDialect.DNSDOCK_IGNORE, "1", LabelDialect.DNSDOCK_ALIAS, "db.docker");

    assertThat(dpsOnly.read(labels)).isSameAs(labels);
    assertThat(LabelReading.NATIVE.read(Map.of(LabelDialect.DPS_ENABLED, "false")))
        .doesNotContainKey(Container.ENABLE_LABEL);
    assertThat(dpsOnly.problems(labels)).isEmpty();
  }

  @Test
  void dialects_are_named_by_their_words() {
    assertThat(LabelDialect.parse(" DNSDock ")).contains(LabelDialect.DNSDOCK);
    assertThat(LabelDialect.parse("dps")).contains(LabelDialect.DPS);
    assertThat(LabelDialect.parse("skydns")).isEmpty();
  }

  private static Container container(Map<String, String> labels) {
    return ContainerFixtures.container("web").build().withLabels(labels);
  }
}
