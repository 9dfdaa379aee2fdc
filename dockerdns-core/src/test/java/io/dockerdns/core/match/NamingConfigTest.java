package io.dockerdns.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingConfigTest {

  @ParameterizedTest
  @CsvSource({"docker, docker", ".Docker., docker", "containers.LOCAL, containers.local"})
  void normalises_the_domain(String given, String domain) {
    assertThat(NamingConfig.DEFAULT.withDomain(given).domain()).isEqualTo(domain);
  }

  @Test
  void several_domains_keep_their_order_the_first_naming_containers() {
    NamingConfig config = NamingConfig.DEFAULT.withDomains(List.of("Docker", "local.example.com."));

    assertThat(config.domains()).containsExactly("docker", "local.example.com");
    assertThat(config.domain()).isEqualTo("docker");
    assertThat(config.apex()).isEqualTo("docker.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          docker,Docker.       | domain 'docker' is given twice
          docker,a.docker      | domain 'a.docker' is under domain 'docker': a name there would mean two things
          a.docker,docker      | domain 'a.docker' is under domain 'docker': a name there would mean two things
          """)
  void refuses_a_domain_twice_or_one_under_another(String given, String message) {
    assertThatThrownBy(() -> NamingConfig.DEFAULT.withDomains(List.of(given.split(",", -1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''            | domain must not be empty
          ...           | domain must not be empty
          a..b          | domain 'a..b' has an invalid label ''
          bad domain    | domain 'bad domain' has an invalid label 'bad domain'
          -x.docker     | domain '-x.docker' has an invalid label '-x'
          """)
  void rejects_a_bad_domain_with_its_value(String given, String message) {
    assertThatThrownBy(() -> NamingConfig.DEFAULT.withDomain(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
