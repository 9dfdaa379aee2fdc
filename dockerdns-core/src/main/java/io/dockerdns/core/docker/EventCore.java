package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The ordering rules of one subscription to the engine's events, as a pure state machine: it takes
 * what the engine said ({@link EngineFact}s, the full listing, the end of the stream) and returns
 * what to do ({@link EventPlan}): inspect these containers now, send these early inspects, put or
 * remove these. No sockets, threads or clocks: the {@link DockerEventSource} performs the plans,
 * one at a time, in the order it asks.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>Facts that come while the full listing is under way wait for it, then apply in order on top
 *       of it: the subscription starts before the listing, so nothing falls between the two.
 *   <li>In a batch, the last word on each container decides. A death needs no inspect (one during
 *       the engine's clean-up waits for it). A network change matters only to a known container, or
 *       to a new one that is starting.
 *   <li>A container that is connected to a network before anyone knows it is starting: it is
 *       inspected early, while the engine holds it until the start is done, and its start event
 *       then needs no inspect of its own. An early answer counts only if nothing newer was said
 *       about the container meanwhile; if it says "not running" after the start was seen (an engine
 *       that answered without waiting), or it failed, the container is inspected again.
 *   <li>Once the stream has ended, nothing more of this subscription applies (late answers
 *       included): the next subscription starts with a full listing.
 * </ul>
 */
final class EventCore {

  private enum Phase {
    LISTING,
    FOLLOWING,
    ENDED
  }

  private Phase phase = Phase.LISTING;
  private final List<EngineFact> waiting = new ArrayList<>();

  /** Early inspects under way, by container id, with the token their answer will carry. */
  private final Map<String, Long> early = new HashMap<>();

  /** Containers whose start came while their early inspect was under way. */
  private final Set<String> startsAwaitingAnswer = new HashSet<>();

  private long tokens;

  /** A full listing of the running containers is under way: facts wait for its answer. */
  void listing() {
    if (phase != Phase.ENDED) {
      phase = Phase.LISTING;
    }
  }

  /**
   * The listing's answer: the registry becomes exactly {@code running}. Facts that waited for it
   * are decided by the next {@link #apply} (against the registry as the listing left it).
   */
  EventPlan listed(List<Container> running) {
    if (phase == Phase.ENDED) {
      return EventPlan.NOTHING;
    }
    phase = Phase.FOLLOWING;
    return EventPlan.replacing(running);
  }

  /** The stream ended or broke: what still arrives for this subscription is dropped. */
  void ended() {
    phase = Phase.ENDED;
    waiting.clear();
  }

  /**
   * Decides a batch of facts, with those that waited for the listing first.
   *
   * @param known whether the registry holds a container now
   */
  EventPlan apply(List<? extends EngineFact> batch, Predicate<String> known) {
    if (phase == Phase.ENDED) {
      return EventPlan.NOTHING;
    }
    if (phase == Phase.LISTING) {
      waiting.addAll(batch);
      return EventPlan.NOTHING;
    }
    List<EngineFact> facts = new ArrayList<>(waiting);
    facts.addAll(batch);
    waiting.clear();
    return decide(facts, known);
  }

  private EventPlan decide(List<EngineFact> facts, Predicate<String> known) {
    Map<String, EngineFact> last = new LinkedHashMap<>();
    List<EventPlan.EarlyInspect> earlyInspects = new ArrayList<>();
    for (EngineFact fact : facts) {
      String id = fact.containerId();
      if (fact instanceof EngineFact.Died || fact instanceof EngineFact.Changed) {
        // Any early answer under way is older than this word.
        early.remove(id);
        startsAwaitingAnswer.remove(id);
        last.put(id, fact);
      } else if (fact instanceof EngineFact.Started) {
        if (early.containsKey(id)) { // the early inspect answers for the start
          startsAwaitingAnswer.add(id);
        } else {
          last.put(id, fact);
        }
      } else if (fact instanceof EngineFact.NetworkChanged network) {
        boolean afterContainerWord = last.containsKey(id);
        boolean starting = network.connected() && !known.test(id);
        if (starting && !afterContainerWord && !early.containsKey(id)) {
          long token = ++tokens;
          early.put(id, token);
          earlyInspects.add(new EventPlan.EarlyInspect(id, token));
        } else if (!afterContainerWord) {
          last.put(id, fact);
        }
      } else if (fact instanceof EngineFact.Inspected answer) {
        if (early.remove(id, answer.token())) {
          boolean running = answer.container().filter(Container::isUp).isPresent();
          boolean startSeen = startsAwaitingAnswer.remove(id);
          boolean settled = !answer.failed() && (running || !startSeen);
          last.put(id, settled ? answer : new EngineFact.Started(id));
        }
      }
    }
    List<String> inspect = new ArrayList<>();
    List<Container> put = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    last.forEach(
        (id, word) -> {
          if (word instanceof EngineFact.Died) {
            removeIfKnown(id, remove, known);
          } else if (word instanceof EngineFact.Inspected answer) {
            Optional<Container> up = answer.container().filter(Container::isUp);
            up.ifPresentOrElse(put::add, () -> removeIfKnown(id, remove, known));
          } else if (!(word instanceof EngineFact.NetworkChanged) || known.test(id)) {
            inspect.add(id); // started, changed, or a known container's network changed
          }
        });
    return new EventPlan(
        null, earlyInspects, inspect, put, remove, inspect.size() + put.size() + remove.size());
  }

  /** A container nobody knows is not removed: that would be an edit that changes nothing. */
  private static void removeIfKnown(String id, List<String> remove, Predicate<String> known) {
    if (known.test(id)) {
      remove.add(id);
    }
  }
}
