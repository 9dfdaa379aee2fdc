package io.dockerdns.core.match;

import static io.dockerdns.core.testing.AnswerText.render;
import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.StaticRecord;
import io.dockerdns.core.model.StaticRecords;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Static records ({@code --record}, hosts files) under the naming rules, beside containers. */
class ResolverStaticRecordsTest {

  private static final RegistrySnapshot SNAPSHOT = snapshot();

  private static RegistrySnapshot snapshot() {
    ContainerRegistry registry = new ContainerRegistry();
    registry.replaceAll(
        List.of(
            container("web").ip("bridge", "172.17.0.2").build(),
            container("taken").ip("bridge", "172.17.0.3").build()));
    registry.replaceRecords(
        StaticRecords.of(
            List.of(
                record("nas=192.168.1.10"),
                record("nas.docker=fd00::10"),
                record("printer.office=10.0.0.5"),
                record("taken=192.0.2.99"),
                record("alias-of-nas=192.168.1.10"),
                record("printer.host=10.0.0.6"),
                record("_ldap.office=10.0.0.7"))));
    return registry.snapshot();
  }

  private static StaticRecord record(String text) {
    return StaticRecord.parse(text, List.of("docker"), "--record");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          nas.docker                    | A    | 192.168.1.10
          NAS.docker.                   | AAAA | fd00::10
          nas.docker                    | ANY  | 192.168.1.10 fd00::10
          nas.docker                    | SRV  | NoData
          printer.office.docker         | A    | 10.0.0.5
          # near the resolver's own forms (A-B-C-D.host, _PORT._PROTO.NAME), but names
          printer.host.docker           | A    | 10.0.0.6
          _ldap.office.docker           | A    | 10.0.0.7
          # a name with only records below it exists, without data
          office.docker                 | A    | NoData
          nothing.docker                | A    | NoSuchName
          # a container holding the name wins: it is what runs now
          taken.docker                  | A    | 172.17.0.3
          web.docker                    | A    | 172.17.0.2
          # PTR: every record name of the address, sorted; a container's address names it
          10.1.168.192.in-addr.arpa     | PTR  | alias-of-nas.docker. nas.docker.
          5.0.0.10.in-addr.arpa         | PTR  | printer.office.docker.
          5.0.0.10.in-addr.arpa         | A    | NoData
          2.0.17.172.in-addr.arpa       | PTR  | web.docker.
          99.2.0.192.in-addr.arpa       | PTR  | taken.docker.
          """)
  void records_answer_where_no_container_does(String name, String type, String expected) {
    Resolution r =
        new Resolver(NamingConfig.DEFAULT).resolve(SNAPSHOT, name, QueryType.valueOf(type));

    assertThat(
            r instanceof Resolution.Found found
                ? render(found.answers())
                : r.getClass().getSimpleName())
        .isEqualTo(expected);
  }
}
