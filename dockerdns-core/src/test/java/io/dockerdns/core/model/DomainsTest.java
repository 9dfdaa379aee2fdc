package io.dockerdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainsTest {

  private static final List<String> BOTH = List.of("docker", "lan.example.com");

  @Test
  void a_name_is_under_the_domain_it_ends_with_after_a_dot() {
    assertThat(Domains.domainOf("web.docker", BOTH)).isEqualTo("docker");
    assertThat(Domains.keyOf("db.shop.lan.example.com", BOTH)).isEqualTo("db.shop");
    assertThat(Domains.domainOf("mydocker", BOTH)).as("no dot before it").isNull();
    assertThat(Domains.domainOf("docker", BOTH)).as("a domain itself").isNull();
    assertThat(Domains.keyOf("web.example.com", BOTH)).isNull();
  }
}
