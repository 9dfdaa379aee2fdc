package io.dockerdns.core.model;

import static io.dockerdns.core.testing.ContainerFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @ParameterizedTest
  @CsvSource({
    "172.17.0.0/16, 172.17.255.3, true",
    "172.17.0.5/16, 172.17.0.1, true",
    "172.17.0.0/16, 172.18.0.1, false",
    "10.0.0.0/8, 10.200.1.1, true",
    "10.0.0.0/9, 10.200.1.1, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, ::1, false",
    "fd00::/8, fd12::1, true",
    "fd00::/8, fe80::1, false",
    "::1/128, ::1, true"
  })
  void a_block_holds_the_addresses_that_share_its_prefix(
      String block, String address, boolean contained) {
    assertThat(Cidr.parse(block).contains(ip(address))).isEqualTo(contained);
  }

  @ParameterizedTest
  @CsvSource({
    "172.17.0.9/16, 172.17.0.0/16",
    "10.1.2.3/12, 10.0.0.0/12",
    "fd00::1/8, fd00::/8",
    "127.0.0.1, 127.0.0.1/32"
  })
  void is_written_from_its_first_address(String text, String written) {
    assertThat(Cidr.parse(text)).hasToString(written);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33 | prefix length over 32",
        "fd00::/129 | prefix length over 128",
        "10.0.0.0/ | no prefix length",
        "10.0.0.0/x | no prefix length",
        "example.com/8 | is not an address block",
        "10.0.0/8 | is not an address block"
      })
  void bad_blocks_say_what_is_wrong(String text, String message) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({
    "172.17.0.0/16, 172.17.3.0/24, true",
    "172.17.0.0/16, 172.0.0.0/8, false",
    "172.17.0.0/16, 172.18.0.0/24, false"
  })
  void a_block_contains_the_blocks_inside_it(String outer, String inner, boolean contained) {
    assertThat(Cidr.parse(outer).contains(Cidr.parse(inner))).isEqualTo(contained);
  }
}
