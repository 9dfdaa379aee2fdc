package io.dockerdns.core.docker;

import static io.dockerdns.core.testing.ContainerFixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every ordering rule of the event core, with no engine: each row is a script of what the engine
 * says and the plans the core answers with, in order.
 *
 * <p>Script steps, separated by {@code ;}: {@code list a,b} (the full listing answered; {@code -}
 * for none), {@code listing} (a re-read starts), {@code start a}, {@code die a}, {@code change a},
 * {@code health a} (a health check's verdict: read as a change), {@code connect a}, {@code
 * disconnect a} (events, gathered into the next batch), {@code answer a#1
 * running|exited|gone|failed} (the early inspect with token 1 answered), {@code apply} (the batch
 * decided), {@code end} (the stream ended). Plans read {@code replace a,b}, {@code early a#1},
 * {@code inspect a}, {@code put a}, {@code remove a}, or {@code nothing}; a plan's inspected
 * containers are taken to answer "running", as the shell would file them.
 */
class EventCoreTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a start after the listing is inspected       | list a; start b; apply                                        | replace a / inspect b
          events during the listing wait for it        | listing; start b; apply; list a; apply                        | nothing / replace a / inspect b
          a death before its inspect answers           | list -; start a; die a; apply                                 | replace - / nothing
          the last word decides: died, then started    | list -; die a; start a; apply                                 | replace - / inspect a
          a rename or other change is inspected        | list a; change a; apply                                       | replace a / inspect a
          a starting container is inspected early      | list -; connect a; apply                                      | replace - / early a#1
          two connects of a starting one, one inspect  | list -; connect a; connect a; apply                           | replace - / early a#1
          the early answer files it                    | list -; connect a; apply; answer a#1 running; apply           | replace - / early a#1 / put a
          the start waits for the early answer         | list -; connect a; apply; start a; apply; answer a#1 running; apply | replace - / early a#1 / nothing / put a
          a late answer saying not running is retried  | list -; connect a; apply; start a; apply; answer a#1 exited; apply | replace - / early a#1 / nothing / inspect a
          a failed early answer after the start        | list -; connect a; apply; start a; apply; answer a#1 failed; apply | replace - / early a#1 / nothing / inspect a
          an early answer the engine no longer knows   | list -; connect a; apply; answer a#1 gone; apply              | replace - / early a#1 / nothing
          an early answer of a container that ended    | list -; connect a; apply; answer a#1 exited; apply            | replace - / early a#1 / nothing
          a stranger's death is nothing                | list a; die z; apply                                          | replace a / nothing
          a late early answer after the death is dropped | list -; connect a; apply; die a; apply; answer a#1 running; apply | replace - / early a#1 / nothing / nothing
          an early answer older than a change is dropped | list -; connect a; apply; change a; apply; answer a#1 running; apply | replace - / early a#1 / inspect a / nothing
          a known container's network change           | list a; disconnect a; apply                                   | replace a / inspect a
          network events of a dead container           | list a; die a; disconnect a; apply                            | replace a / remove a
          a stranger's disconnect is nothing           | list -; disconnect z; apply                                   | replace - / nothing
          a burst that mixes all of these              | list k; connect n; start s; die s; disconnect k; change r; connect k; apply | replace k / early n#1; inspect k,r
          a stream that breaks mid-burst               | list a; start b; apply; end; start c; apply                   | replace a / inspect b / nothing
          a late answer after the stream ended         | list -; connect a; apply; end; answer a#1 running; apply      | replace - / early a#1 / nothing
          a re-read reconciles, queued events follow   | list a,b; listing; die b; apply; list a; apply                | replace a,b / nothing / replace a / nothing
          a listing after the end changes nothing      | list a; end; list b                                           | replace a / nothing
          a health verdict is inspected                | list a; health a; apply                                       | replace a / inspect a
          a health verdict before the start            | list -; health a; start a; apply                              | replace - / inspect a
          a health verdict after the death is read again | list a; die a; health a; apply                              | replace a / inspect a
          a health verdict during the listing waits    | listing; health a; apply; list a; apply                       | nothing / replace a / inspect a
          a health verdict while inspected early       | list -; connect a; apply; health a; apply; answer a#1 running; apply | replace - / early a#1 / inspect a / nothing
          """)
  void decides(String rule, String script, String expected) {
    assertThat(String.join(" / ", run(script))).as(rule).isEqualTo(expected);
  }

  /** Runs a script against a core and a model registry; returns each plan, summarised. */
  private static List<String> run(String script) {
    EventCore core = new EventCore();
    Set<String> registry = new HashSet<>();
    List<EngineFact> batch = new ArrayList<>();
    List<String> plans = new ArrayList<>();
    for (String step : script.split(";", -1)) {
      String[] words = step.trim().split(" ", -1);
      String id = words.length > 1 ? words[1] : "";
      switch (words[0]) {
        case "list" -> plans.add(perform(core.listed(containers(id)), registry));
        case "listing" -> core.listing();
        case "end" -> core.ended();
        case "start" -> batch.add(new EngineFact.Started(id));
        case "die" -> batch.add(new EngineFact.Died(id));
        case "change", "health" -> batch.add(new EngineFact.Changed(id)); // health: a change
        case "connect" -> batch.add(new EngineFact.NetworkChanged(id, true));
        case "disconnect" -> batch.add(new EngineFact.NetworkChanged(id, false));
        case "answer" -> batch.add(answer(id, words[2]));
        case "apply" -> {
          plans.add(perform(core.apply(List.copyOf(batch), registry::contains), registry));
          batch.clear();
        }
        default -> throw new IllegalArgumentException("unknown step '" + step + "'");
      }
    }
    return plans;
  }

  private static List<Container> containers(String ids) {
    return ids.equals("-")
        ? List.of()
        : List.of(ids.split(",", -1)).stream().map(EventCoreTest::running).toList();
  }

  /** A container whose name is the id the facts use, so the model registry can hold names. */
  private static Container running(String id) {
    return container(id).build();
  }

  private static EngineFact answer(String idAndToken, String what) {
    String[] parts = idAndToken.split("#", -1);
    String id = parts[0];
    long token = Long.parseLong(parts[1]);
    return switch (what) {
      case "running" -> new EngineFact.Inspected(id, token, Optional.of(running(id)), false);
      case "exited" ->
          new EngineFact.Inspected(
              id, token, Optional.of(container(id).state(ContainerState.EXITED).build()), false);
      case "gone" -> new EngineFact.Inspected(id, token, Optional.empty(), false);
      case "failed" -> new EngineFact.Inspected(id, token, Optional.empty(), true);
      default -> throw new IllegalArgumentException("unknown answer '" + what + "'");
    };
  }

  /**
   * The plan in words, and its effect on the model registry. Every plan counts exactly the
   * containers it acts on, and one that acts on none is "nothing": it publishes no snapshot.
   */
  private static String perform(EventPlan plan, Set<String> registry) {
    assertThat(plan.changes())
        .as("containers counted as changed")
        .isEqualTo(plan.inspect().size() + plan.put().size() + plan.remove().size());
    assertThat(plan.edits()).isEqualTo(plan.changes() > 0);
    List<String> parts = new ArrayList<>();
    plan.replacement()
        .ifPresent(
            all -> {
              registry.clear();
              all.forEach(c -> registry.add(c.name()));
              parts.add("replace " + (all.isEmpty() ? "-" : names(all)));
            });
    if (!plan.earlyInspects().isEmpty()) {
      parts.add(
          "early "
              + plan.earlyInspects().stream()
                  .map(e -> e.containerId() + "#" + e.token())
                  .collect(Collectors.joining(",")));
    }
    if (!plan.inspect().isEmpty()) {
      parts.add("inspect " + String.join(",", plan.inspect()));
      registry.addAll(plan.inspect());
    }
    if (!plan.put().isEmpty()) {
      parts.add("put " + names(plan.put()));
      plan.put().stream().filter(Container::isUp).forEach(c -> registry.add(c.name()));
    }
    if (!plan.remove().isEmpty()) {
      parts.add("remove " + String.join(",", plan.remove()));
      registry.removeAll(plan.remove());
    }
    return parts.isEmpty() ? "nothing" : String.join("; ", parts);
  }

  private static String names(List<Container> containers) {
    return containers.stream().map(Container::name).collect(Collectors.joining(","));
  }
}
