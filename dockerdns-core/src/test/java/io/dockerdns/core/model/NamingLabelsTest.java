package io.dockerdns.core.model;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingLabelsTest {

  @ParameterizedTest(name = "dockerdns.ttl={0} -> {1}")
  @CsvSource({"0, 0", "30, 30", "' 604800 ', 604800", "604801, -1", "-5, -1", "1e3, -1", "'', -1"})
  void a_ttl_label_is_whole_seconds_up_to_a_week(String value, int seconds) {
    OptionalInt ttl = container("c").label("dockerdns.ttl", value).build().ttlLabel();

    assertThat(ttl).isEqualTo(seconds < 0 ? OptionalInt.empty() : OptionalInt.of(seconds));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          dockerdns.ttl        | soon  | label dockerdns.ttl="soon" is not a whole number of seconds from 0 to 604800: the default time to live applies
          dockerdns.enable     | no    | label dockerdns.enable="no" is neither "true" nor "false": the default applies
          dockerdns.subdomains | yes   | label dockerdns.subdomains="yes" is neither "true" nor "false": no subdomains are answered
          dockerdns.health     | skip  | label dockerdns.health="skip" is neither "ignore" nor "follow": its health check is followed
          """)
  void a_label_value_that_means_nothing_is_said_by_name_and_value(
      String label, String value, String problem) {
    assertThat(NamingLabels.problems(Map.of(label, value))).containsExactly(problem);
  }

  @Test
  void valid_labels_have_no_problems() {
    assertThat(
            NamingLabels.problems(
                Map.of(
                    "dockerdns.ttl", "5",
                    "dockerdns.enable", "False",
                    "dockerdns.subdomains", "true",
                    "dockerdns.health", "ignore",
                    "other", "x")))
        .isEmpty();
  }
}
