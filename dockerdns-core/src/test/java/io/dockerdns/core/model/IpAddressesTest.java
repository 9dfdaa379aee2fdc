package io.dockerdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "172.17.0.2, 172.17.0.2",
    "0.0.0.0, 0.0.0.0",
    "::, ::",
    "::1, ::1",
    "[fd00::2], fd00::2",
    "fd00:0:0:0:0:0:0:2, fd00::2",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6"
  })
  void parses_literals_and_prints_them_canonically(String text, String canonical) {
    assertThat(IpAddresses.parse(text))
        .hasValueSatisfying(a -> assertThat(IpAddresses.format(a)).isEqualTo(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "web"})
  void refuses_anything_but_a_literal_without_resolving_it(String text) {
    assertThat(IpAddresses.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "300.0.0.1"})
  void require_names_the_bad_value(String text) {
    assertThatThrownBy(() -> IpAddresses.require(text, "host address"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host address '" + text + "' is not an IP address");
  }
}
