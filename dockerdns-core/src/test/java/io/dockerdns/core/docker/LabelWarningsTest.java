package io.dockerdns.core.docker;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.LabelReading;
import io.dockerdns.core.registry.ContainerRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelWarningsTest {

  private final ContainerRegistry registry = new ContainerRegistry();
  private final List<String> said = new ArrayList<>();
  private final LabelWarnings feed =
      new LabelWarnings(registry.source("e"), LabelReading.NATIVE, said::add);

  private final Container bad = container("web").label("dockerdns.ttl", "soon").build();

  @Test
  void a_bad_label_is_said_once_naming_the_container_and_the_container_still_answers() {
    feed.replaceAll(List.of(bad));
    feed.update(List.of(bad), List.of());
    feed.replaceAll(List.of(bad)); // a reconnection's full read

    assertThat(said)
        .containsExactly(
            "container web ("
                + bad.shortId()
                + "): label dockerdns.ttl=\"soon\" is not a whole number of seconds from 0 to"
                + " 604800: the default time to live applies");
    assertThat(registry.snapshot().byName("web")).isPresent();
  }

  @Test
  void it_is_said_again_when_the_labels_change_or_the_container_comes_back() {
    feed.replaceAll(List.of(bad));
    feed.update(List.of(), List.of(bad.id()));
    feed.update(List.of(bad), List.of());
    Container worse =
        container("web").label("dockerdns.ttl", "soon").label("dockerdns.enable", "no").build();
    feed.update(List.of(worse), List.of());

    assertThat(said).hasSize(1 + 1 + 2);
  }

  @Test
  void good_labels_say_nothing() {
    feed.replaceAll(List.of(container("ok").label("dockerdns.ttl", "5").build()));

    assertThat(said).isEmpty();
  }
}
