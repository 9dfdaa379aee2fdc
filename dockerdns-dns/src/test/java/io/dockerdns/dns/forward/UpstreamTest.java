package io.dockerdns.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1:53",
    "192.0.2.1:5353, 192.0.2.1:5353",
    " 10.0.0.53:53 , 10.0.0.53:53",
    "2001:db8::1, [2001:db8::1]:53",
    "[2001:db8::1], [2001:db8::1]:53",
    "[2001:db8::1]:5300, [2001:db8::1]:5300",
    "::1, [::1]:53"
  })
  void parses_the_forms_users_write(String text, String written) {
    assertThat(Upstream.parse(text)).hasToString(written);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dns.google | 'dns.google' is not an IP address",
        "192.0.2.1:0 | the port '0' is not a number from 1 to 65535",
        "192.0.2.1:70000 | the port '70000'",
        "192.0.2.1:x | the port 'x'",
        "[2001:db8::1 | no ']' closes",
        "[2001:db8::1]53 | only ':PORT' may follow",
        "300.1.1.1 | is not an IP address"
      })
  void bad_upstreams_say_what_is_wrong(String text, String message) {
    assertThatThrownBy(() -> Upstream.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upstream '" + text + "'")
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "corp.example=10.0.0.53 | corp.example=10.0.0.53:53",
        "corp.example.=10.0.0.53,10.0.1.53:5353 | corp.example=10.0.0.53:53,10.0.1.53:5353",
        "10.in-addr.arpa=[fd00::53]:53 | 10.in-addr.arpa=[fd00::53]:53"
      })
  void forward_zones_name_a_zone_and_its_servers(String text, String written) {
    assertThat(ForwardZone.parse(text)).hasToString(written);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "corp.example | is not ZONE=ADDRESS[:PORT]",
        "=10.0.0.53 | is not ZONE=ADDRESS[:PORT]",
        "corp.example= | is not ZONE=ADDRESS[:PORT]",
        "corp.example=ns1.corp | 'ns1.corp' is not an IP address"
      })
  void bad_forward_zones_say_what_is_wrong(String text, String message) {
    assertThatThrownBy(() -> ForwardZone.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
