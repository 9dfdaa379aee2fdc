package io.dockerdns.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingConfigTest {

  @ParameterizedTest
  @CsvSource({"docker, docker", ".Docker., docker", "containers.LOCAL, containers.local"})
  void normalises_the_domain(String given, String domain) {
    assertThat(NamingConfig.DEFAULT.withDomain(given).domain()).isEqualTo(domain);
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
