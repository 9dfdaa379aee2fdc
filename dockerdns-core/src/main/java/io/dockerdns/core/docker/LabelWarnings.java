package io.dockerdns.core.docker;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.LabelReading;
import io.dockerdns.core.registry.SourceFeed;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's feed that reads each container's labels as its {@link LabelReading} says (another
 * tool's labels as the dockerdns labels they mean, when asked to), and says, once per container,
 * what is wrong with them ({@code dockerdns.ttl="soon"}): the container still answers, with the
 * default, and its owner finds the reason in the log. Said again only when the labels change (a
 * re-created container).
 */
final class LabelWarnings implements SourceFeed {

  private static final Logger LOG = LoggerFactory.getLogger(LabelWarnings.class);

  private final SourceFeed feed;
  private final LabelReading reading;
  private final Consumer<String> warn;

  /** The labels last said of each container this feed holds: bounded by what it holds. */
  private final Map<String, Map<String, String>> said = new HashMap<>();

  LabelWarnings(SourceFeed feed, LabelReading reading) {
    this(feed, reading, LOG::warn);
  }

  LabelWarnings(SourceFeed feed, LabelReading reading, Consumer<String> warn) {
    this.feed = feed;
    this.reading = reading;
    this.warn = warn;
  }

  @Override
  public String name() {
    return feed.name();
  }

  @Override
  public void replaceAll(Collection<Container> containers) {
    List<Container> read = read(containers);
    Map<String, Map<String, String>> before = Map.copyOf(said);
    said.clear();
    read.forEach(c -> check(c, before.get(c.id())));
    feed.replaceAll(read);
  }

  @Override
  public void update(Collection<Container> inspected, Collection<String> gone) {
    List<Container> read = read(inspected);
    gone.forEach(said::remove);
    for (Container c : read) {
      if (c.isUp()) {
        check(c, said.get(c.id()));
      } else {
        said.remove(c.id());
      }
    }
    feed.update(read, gone);
  }

  @Override
  public void markStale(String reason) {
    feed.markStale(reason);
  }

  private List<Container> read(Collection<Container> containers) {
    return containers.stream().map(c -> c.withLabels(reading.read(c.labels()))).toList();
  }

  private void check(Container c, Map<String, String> saidBefore) {
    List<String> problems = reading.problems(c.labels());
    if (problems.isEmpty()) {
      return;
    }
    if (!c.labels().equals(saidBefore)) {
      problems.forEach(p -> warn.accept("container " + c.name() + " (" + c.shortId() + "): " + p));
    }
    said.put(c.id(), c.labels());
  }
}
