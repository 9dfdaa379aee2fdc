package io.dockerdns.core.match;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.Health;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which containers DNS may name, and which of those it answers with now.
 *
 * <ul>
 *   <li><b>Named</b>: not labelled {@code dockerdns.enable=false} (or, when containers are not
 *       exposed by default, labelled {@code dockerdns.enable=true}). A container that is not named
 *       is in no answer and holds no name: the rules go on as if it were not there.
 *   <li><b>Answering</b>: named, and its health check passes, or it has none, or health is not
 *       followed (globally, or by its {@code dockerdns.health=ignore} label). A named container
 *       that does not answer still holds its names: they answer NODATA while none of their
 *       containers answer, so a client does not fall through to another container by chance.
 * </ul>
 *
 * Both checks are a label lookup or two per container: they run on every question.
 */
final class Visibility {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final boolean followHealth;
  private final boolean exposeByDefault;

  Visibility(NamingConfig config) {
    this.followHealth = config.followHealth();
    this.exposeByDefault = config.exposeByDefault();
  }

  boolean named(Container c) {
    return c.enableLabel().orElse(exposeByDefault);
  }

  boolean answering(Container c) {
    return named(c) && (c.health().passes() || !followHealth || c.ignoresHealth());
  }

  /** The named ones of {@code containers}: the same list when all are, as nearly always. */
  List<Container> named(List<Container> containers) {
    for (int i = 0; i < containers.size(); i++) {
      if (!named(containers.get(i))) {
        return keep(containers, true);
      }
    }
    return containers;
  }

  /** The answering ones of {@code containers}: the same list when all are, as nearly always. */
  List<Container> answering(List<Container> containers) {
    for (int i = 0; i < containers.size(); i++) {
      if (!answering(containers.get(i))) {
        return keep(containers, false);
      }
    }
    return containers;
  }

  /** Why {@code c} is in no answer, or empty when it answers: {@code unhealthy since ...}. */
  Optional<String> whyLeftOut(Container c) {
    Optional<Boolean> label = c.enableLabel();
    if (label.isPresent() && !label.get()) {
      return Optional.of("labelled " + Container.ENABLE_LABEL + "=false");
    }
    if (label.isEmpty() && !exposeByDefault) {
      return Optional.of(
          "not labelled "
              + Container.ENABLE_LABEL
              + "=true, and containers are not named by default");
    }
    if (answering(c)) {
      return Optional.empty();
    }
    Health health = c.health();
    String verdict =
        health.status() == Health.Status.STARTING
            ? "starting: its health check has not passed yet"
            : health.status().word();
    return Optional.of(verdict + health.since().map(t -> " since " + CLOCK.format(t)).orElse(""));
  }

  private List<Container> keep(List<Container> containers, boolean namedOnly) {
    List<Container> kept = new ArrayList<>(containers.size());
    for (Container c : containers) {
      if (namedOnly ? named(c) : answering(c)) {
        kept.add(c);
      }
    }
    return kept;
  }
}
