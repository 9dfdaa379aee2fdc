package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import java.util.List;
import java.util.Optional;

/**
 * What the {@link EventCore} asks for, in this order: replace the registry with a listing; send
 * early inspects (their answers come back as facts); inspect these containers now (an answer puts
 * the container, none removes it); put and remove these.
 *
 * @param replaceAll the registry's new contents, or null to keep them
 * @param earlyInspects inspects to send without waiting for their answers
 * @param inspect containers to inspect before applying the rest
 * @param put containers to file as they are
 * @param remove ids of containers that are gone
 * @param changes how many containers this plan inspects, puts or removes (counted as events
 *     applied): a fact that changes nothing (a stranger's network event) is not counted
 */
record EventPlan(
    List<Container> replaceAll,
    List<EarlyInspect> earlyInspects,
    List<String> inspect,
    List<Container> put,
    List<String> remove,
    int changes) {

  static final EventPlan NOTHING =
      new EventPlan(null, List.of(), List.of(), List.of(), List.of(), 0);

  /** An early inspect to send, and the token its answer must carry. */
  record EarlyInspect(String containerId, long token) {}

  EventPlan {
    replaceAll = replaceAll == null ? null : List.copyOf(replaceAll);
    earlyInspects = List.copyOf(earlyInspects);
    inspect = List.copyOf(inspect);
    put = List.copyOf(put);
    remove = List.copyOf(remove);
  }

  static EventPlan replacing(List<Container> running) {
    return new EventPlan(running, List.of(), List.of(), List.of(), List.of(), 0);
  }

  /** The listing to replace the registry with, if this plan has one. */
  Optional<List<Container>> replacement() {
    return Optional.ofNullable(replaceAll);
  }

  /** Whether the plan edits the registry (after its inspects are done). */
  boolean edits() {
    return !put.isEmpty() || !remove.isEmpty() || !inspect.isEmpty();
  }
}
