package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.Health;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.Mount;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading the engine's inspect answer. {@code engine/inspect-running.json} is a real answer (Docker
 * 20.10, API 1.41) for {@code docker run --hostname my-host -l ... -p 127.0.0.1:8080:80/tcp -p
 * 5353:53/udp --expose 9000 -v ddtest-fixture-vol:/data -v /tmp:/host:ro busybox sleep 600}.
 */
class ContainerMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void reads_what_naming_needs_from_a_real_inspect_answer() throws IOException {
    Container c =
        ContainerMapper.toContainer(resource("engine/inspect-running.json"), "unix:///e.sock");

    assertThat(c.id())
        .isEqualTo("89efa85504ff21f7cb692ed0da5c043ef8b972ec6bc185e699a427dee15045eb");
    assertThat(c.name()).isEqualTo("ddtest-fixture");
    assertThat(c.hostname()).isEqualTo("my-host");
    assertThat(c.image().reference()).isEqualTo("dockerdns-test/busybox:latest");
    assertThat(c.labels())
        .isEqualTo(
            Map.of(
                "com.docker.compose.project", "shop",
                "com.docker.compose.service", "db",
                "dockerdns.aliases", "www"));
    assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(c.source()).as("the engine that reported it").isEqualTo("unix:///e.sock");
    // The network's size too: its reverse names are answered here, never forwarded.
    assertThat(c.networks())
        .containsExactly(new NetworkAttachment("bridge", List.of(ip("172.17.0.102")), 16, 128));
    assertThat(c.networks().get(0).subnets())
        .extracting(Object::toString)
        .containsExactly("172.17.0.0/16");
    // Both of Docker's twin bindings of 53/udp; 9000 is exposed only, so not published.
    assertThat(c.ports())
        .containsExactly(
            new PortBinding(53, Protocol.UDP, ip("0.0.0.0"), 5353),
            new PortBinding(53, Protocol.UDP, ip("::"), 5353),
            new PortBinding(80, Protocol.TCP, ip("127.0.0.1"), 8080));
    assertThat(c.mounts())
        .containsExactly(
            new Mount("volume", "/var/lib/docker/volumes/ddtest-fixture-vol/_data", "/data", true),
            new Mount("bind", "/tmp", "/host", false));
  }

  @Test
  void reads_an_old_engine_answer_with_state_flags_and_untyped_mounts() throws IOException {
    JsonNode inspect =
        JSON.readTree(
            """
            {"Id": "abc123", "Name": "/old", "Image": "sha256:feed",
             "Config": {"Hostname": "old-host", "Labels": null},
             "State": {"Running": true, "Paused": true},
             "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.9"}},
                                 "Ports": {"8080": [{"HostIp": "", "HostPort": "80"}]}},
             "Mounts": [{"Name": "data", "Source": "/v/data", "Destination": "/data"},
                        {"Source": "/etc", "Destination": "/host-etc", "RW": false}]}
            """);

    Container c = ContainerMapper.toContainer(inspect, "unix:///e.sock");

    assertThat(c.name()).isEqualTo("old");
    assertThat(c.state()).isEqualTo(ContainerState.PAUSED);
    assertThat(c.image().reference()).as("no Config.Image: the image id").isEqualTo("sha256:feed");
    assertThat(c.labels()).isEmpty();
    assertThat(c.ports()).containsExactly(new PortBinding(8080, Protocol.TCP, ip("0.0.0.0"), 80));
    assertThat(c.mounts())
        .containsExactly(
            new Mount("volume", "/v/data", "/data", true),
            new Mount("bind", "/etc", "/host-etc", false));
  }

  @Test
  void an_answer_without_an_id_or_with_an_unknown_state_is_refused_by_name() throws IOException {
    assertThatThrownBy(() -> ContainerMapper.toContainer(JSON.readTree("{\"Name\": \"/x\"}"), "e"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    JsonNode strange =
        JSON.readTree("{\"Id\": \"a1\", \"Name\": \"/x\", \"State\": {\"Status\": \"sleepy\"}}");
    assertThatThrownBy(() -> ContainerMapper.toContainer(strange, "e"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sleepy");
  }

  /**
   * {@code engine/inspect-unhealthy.json}: Docker 20.10, {@code --health-cmd 'test -e /tmp/ok'
   * --health-interval 1s --health-retries 1}, the file made, then removed: two passing checks, then
   * three failing ones in its log.
   */
  @Test
  void reads_a_failing_health_check_and_since_when_it_fails() throws IOException {
    Container c = ContainerMapper.toContainer(resource("engine/inspect-unhealthy.json"), "e");

    assertThat(c.health())
        .isEqualTo(
            Health.of(Health.Status.UNHEALTHY, Instant.parse("2026-12-06T05:20:20.867495714Z")));
    assertThat(c.health().passes()).isFalse();
  }

  @Test
  void reads_each_health_verdict_and_podmans_local_times() throws IOException {
    String podman = // Podman writes local times with their offset
        "{\"Id\":\"p1\",\"Name\":\"web\",\"State\":{\"Status\":\"running\","
            + "\"StartedAt\":\"2026-12-06T07:00:00.5+01:00\",\"Health\":{\"Status\":\"%s\","
            + "\"Log\":[{\"Start\":\"2026-12-06T07:00:01+01:00\",\"ExitCode\":0}]}}}";

    assertThat(health(podman, "healthy"))
        .isEqualTo(Health.of(Health.Status.HEALTHY, Instant.parse("2026-12-06T06:00:01Z")));
    assertThat(health(podman, "starting"))
        .isEqualTo(Health.of(Health.Status.STARTING, Instant.parse("2026-12-06T06:00:00.5Z")));
    assertThat(health(podman, "unhealthy").since())
        .as("the last check passed: no failing streak to date it by")
        .isEmpty();
    assertThat(health(podman, "")).isEqualTo(Health.NONE);
    assertThatThrownBy(() -> health(podman, "sickly"))
        .hasMessageContaining("unknown health status 'sickly'");
    assertThat(ContainerMapper.toContainer(resource("engine/inspect-running.json"), "e").health())
        .as("no check")
        .isEqualTo(Health.NONE);
  }

  private static Health health(String template, String status) throws IOException {
    return ContainerMapper.toContainer(JSON.readTree(template.formatted(status)), "e").health();
  }

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in = ContainerMapperTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return JSON.readTree(in);
    }
  }

  private static java.net.InetAddress ip(String literal) {
    return IpAddresses.require(literal, "test address");
  }
}
