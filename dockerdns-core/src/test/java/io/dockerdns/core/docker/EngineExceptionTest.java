package io.dockerdns.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class EngineExceptionTest {

  @Test
  void a_socket_this_user_may_not_open_says_which_and_what_to_do() {
    EngineException e =
        EngineException.wrap(
            "unix:///var/run/docker.sock",
            "list containers",
            new UncheckedIOException(new IOException("Permission denied")));

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot reach the Docker Engine at unix:///var/run/docker.sock (list containers):"
                + " Permission denied: this user may not open /var/run/docker.sock; add it to the"
                + " socket's group (sudo usermod -aG docker $USER, then log in again) or run as"
                + " root");
  }

  @Test
  void a_missing_socket_says_to_start_docker_or_name_another_address() {
    EngineException e =
        EngineException.wrap(
            "unix:///run/nope.sock",
            "list containers",
            new UncheckedIOException(new IOException("No such file or directory")));

    assertThat(e.getMessage())
        .endsWith(
            "No such file or directory: no engine listens at /run/nope.sock; start Docker, or"
                + " name another engine");
    assertThat(e.remedy())
        .as("the launcher names its option")
        .isEqualTo(EngineException.Remedy.ENGINE_ADDRESS);
  }

  @Test
  void a_tcp_port_that_refuses_gets_the_hint_a_missing_socket_gets() {
    EngineException e =
        EngineException.wrap(
            "tcp://127.0.0.1:2375",
            "list containers",
            new UncheckedIOException(
                new IOException("Connect to http://127.0.0.1:2375 failed: Connection refused")));

    assertThat(e.getMessage())
        .endsWith(
            "Connection refused: no engine listens at 127.0.0.1:2375; start Docker there, or"
                + " name another engine");
    assertThat(e.remedy()).isEqualTo(EngineException.Remedy.ENGINE_ADDRESS);
  }

  @Test
  void other_failures_and_other_transports_get_no_hint() {
    assertThat(EngineException.hint("tcp://127.0.0.1:2375", "Permission denied")).isEmpty();
    assertThat(EngineException.hint("unix:///var/run/docker.sock", "Connection reset")).isEmpty();
  }
}
