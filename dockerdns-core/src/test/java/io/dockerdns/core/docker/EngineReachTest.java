package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineReachTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Docker 20.10 rootful (recorded)  | {"SecurityOptions":["name=seccomp,profile=default"],"OperatingSystem":"Debian GNU/Linux 12 (bookworm)"} | -
          Podman 4.3 rootful (recorded)    | {"SecurityOptions":["name=seccomp,profile=default"],"OperatingSystem":"debian vm","Rootless":false} | -
          Podman rootless                  | {"SecurityOptions":["name=seccomp,profile=default"],"Rootless":true} | rootless
          rootless Docker                  | {"SecurityOptions":["name=seccomp,profile=default","name=rootless","name=cgroupns"]} | rootless
          Docker Desktop                   | {"OperatingSystem":"Docker Desktop","SecurityOptions":["name=seccomp,profile=unconfined"]} | Docker Desktop
          an engine that says nothing      | {} | -
          """)
  void tells_when_the_host_cannot_route_to_containers(String engine, String info, String because)
      throws Exception {
    assertThat(EngineReach.unroutableBecause(JSON.readTree(info)).orElse("-"))
        .as(engine)
        .isEqualTo(because);
  }
}
