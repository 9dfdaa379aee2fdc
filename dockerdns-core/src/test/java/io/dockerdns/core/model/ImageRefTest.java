package io.dockerdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {

  @ParameterizedTest(name = "{0} answers to {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          busybox                                  | busybox busybox:latest
          busybox:1.36                             | busybox busybox:1.36
          docker.io/library/busybox:1.36           | docker.io/library/busybox:1.36 docker.io/library/busybox library/busybox library/busybox:1.36 busybox busybox:1.36
          eap63_tracer:v6.3.1                      | eap63_tracer eap63_tracer:v6.3.1
          localhost:5000/team/App:2                | localhost:5000/team/app:2 localhost:5000/team/app team/app team/app:2 app app:2
          busybox@sha256:abc                       | busybox@sha256:abc busybox
          sha256:0123456789abcdef0123              | sha256:0123456789abcdef0123 0123456789abcdef0123 0123456789ab
          """)
  void answers_to_every_spelling_of_its_name(String reference, String keys) {
    assertThat(new ImageRef(reference).keys())
        .containsExactlyInAnyOrderElementsOf(
            List.of(keys.split(" ", -1)).stream().distinct().toList());
  }

  @ParameterizedTest
  @CsvSource({
    "busybox, busybox",
    "docker.io/library/busybox:1.36, busybox",
    "localhost:5000/team/app:2@sha256:abc, app"
  })
  void short_name_is_the_last_path_component_without_tag(String reference, String shortName) {
    assertThat(new ImageRef(reference).shortName()).isEqualTo(shortName);
  }

  @Test
  void rejects_an_empty_reference() {
    assertThatThrownBy(() -> new ImageRef(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image reference");
  }
}
