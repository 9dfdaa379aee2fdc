package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TLS decided as the docker CLI decides it, from the URL, the environment and the options. */
class EngineTlsSettingsTest {

  private static final Path HOME_DOCKER = Path.of(System.getProperty("user.home"), ".docker");

  @Test
  void https_is_tcp_with_tls_and_http_is_plain_tcp() {
    EngineSettings https = EngineSettings.forUrl("https://10.0.0.5:2376", null, Map.of());
    EngineSettings http = EngineSettings.forUrl("http://10.0.0.5:2375", null, Map.of());

    assertThat(https.transportUrl()).isEqualTo("tcp://10.0.0.5:2376");
    assertThat(https.tlsCertPath()).contains(HOME_DOCKER);
    assertThat(http.transportUrl()).isEqualTo("tcp://10.0.0.5:2375");
    assertThat(http.tlsCertPath()).isEmpty();
  }

  @Test
  void tcp_uses_tls_when_docker_tls_verify_is_set_with_docker_cert_path() {
    EngineSettings s =
        EngineSettings.forUrl(
            null,
            null,
            Map.of(
                "DOCKER_HOST", "tcp://10.0.0.5:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/etc/docker-certs"));

    assertThat(s.dockerUrl()).isEqualTo("tcp://10.0.0.5:2376");
    assertThat(s.tlsCertPath()).contains(Path.of("/etc/docker-certs"));
  }

  @Test
  void a_certificate_directory_given_turns_tls_on_for_tcp_and_wins_over_the_environment() {
    EngineSettings s =
        EngineSettings.forUrl(
            "tcp://10.0.0.5:2376", Path.of("/mine"), Map.of("DOCKER_CERT_PATH", "/theirs"));

    assertThat(s.tlsCertPath()).contains(Path.of("/mine"));
  }

  @Test
  void a_socket_never_uses_tls() {
    EngineSettings s =
        EngineSettings.forUrl(
            "unix:///var/run/docker.sock", Path.of("/mine"), Map.of("DOCKER_TLS_VERIFY", "1"));

    assertThat(s.tlsCertPath()).isEqualTo(Optional.empty());
  }
}
