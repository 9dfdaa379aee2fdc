package io.dockerdns.core.match;

import static io.dockerdns.core.testing.ContainerFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReverseNamesTest {

  @ParameterizedTest
  @CsvSource({
    "172.17.0.2, 2.0.17.172.in-addr.arpa.",
    "fd00::2, 2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa."
  })
  void maps_addresses_to_reverse_names_and_back(String address, String reverse) {
    assertThat(ReverseNames.fromAddress(ip(address))).isEqualTo(reverse);
    assertThat(ReverseNames.toAddress(reverse)).contains(ip(address));
    assertThat(ReverseNames.toAddress(reverse.toUpperCase(java.util.Locale.ROOT)))
        .contains(ip(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "17.172.in-addr.arpa",
        "1.2.3.4.5.in-addr.arpa",
        "256.0.17.172.in-addr.arpa",
        "x.0.17.172.in-addr.arpa",
        "..17.172.in-addr.arpa",
        "1.ip6.arpa",
        "web.docker"
      })
  void partial_or_malformed_reverse_names_map_to_nothing(String name) {
    assertThat(ReverseNames.toAddress(name)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "2.0.17.172.in-addr.arpa., 172.17.0.2/32",
    "17.172.in-addr.arpa, 172.17.0.0/16",
    "172.in-addr.arpa, 172.0.0.0/8",
    "D.F.ip6.arpa, fd00::/8",
    "d.ip6.arpa, d000::/4"
  })
  void partial_reverse_names_cover_a_block(String name, String block) {
    assertThat(ReverseNames.toBlock(name)).get().hasToString(block);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "in-addr.arpa",
        "1.2.3.4.5.in-addr.arpa",
        "300.172.in-addr.arpa",
        "x.17.172.in-addr.arpa",
        "..172.in-addr.arpa",
        "g.d.ip6.arpa",
        "web.docker"
      })
  void names_outside_the_reverse_trees_cover_no_block(String name) {
    assertThat(ReverseNames.toBlock(name)).isEmpty();
  }
}
