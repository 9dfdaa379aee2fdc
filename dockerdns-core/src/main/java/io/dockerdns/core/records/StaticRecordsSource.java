package io.dockerdns.core.records;

import io.dockerdns.core.concurrent.DaemonThreads;
import io.dockerdns.core.model.StaticRecord;
import io.dockerdns.core.model.StaticRecords;
import io.dockerdns.core.registry.ContainerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static records in the registry: those given by hand, and those of hosts files, each file
 * followed for changes. A file is looked at every second (its time, size and inode), so an editor
 * that saves by replacing it is seen as well as one that writes in place. A file that goes away or
 * cannot be read keeps the records last read from it, said once; nothing a file holds stops the
 * server.
 */
public final class StaticRecordsSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StaticRecordsSource.class);

  /** How often each file is looked at. */
  static final Duration POLL = Duration.ofSeconds(1);

  /** Problems logged for one reading of a file; the rest are counted. */
  private static final int PROBLEMS_LOGGED = 10;

  private final ContainerRegistry registry;
  private final List<StaticRecord> given;
  private final List<String> domains;
  private final Map<Path, Followed> files = new LinkedHashMap<>();
  private final ScheduledThreadPoolExecutor timer =
      new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("dockerdns-hosts-file"));

  /** What is known of one file: what it looked like when read, and what it held. */
  private static final class Followed {
    Object seen; // its attributes when last read, or the failure since
    List<StaticRecord> records = List.of();
  }

  /**
   * @param given records given by hand ({@code --record})
   * @param hostsFiles hosts files to read and follow
   * @param domains the domains their names are under (each name answers under every one)
   */
  public StaticRecordsSource(
      ContainerRegistry registry,
      List<StaticRecord> given,
      List<Path> hostsFiles,
      List<String> domains) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.given = List.copyOf(given);
    this.domains = List.copyOf(domains);
    hostsFiles.forEach(file -> files.put(file, new Followed()));
  }

  /**
   * Reads every file and puts the records in the registry.
   *
   * @throws IllegalArgumentException naming a file that cannot be read (missing, not a regular
   *     file, too large)
   */
  public synchronized void readOnce() {
    for (Map.Entry<Path, Followed> file : files.entrySet()) {
      try {
        Object attributes = attributes(file.getKey());
        read(file.getKey(), file.getValue(), attributes);
        LOG.debug("hosts file {}: {} records", file.getKey(), file.getValue().records.size());
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("hosts file " + file.getKey() + " does not exist", e);
      } catch (IOException e) {
        throw new IllegalArgumentException("hosts file " + e.getMessage(), e);
      }
    }
    publish();
  }

  /** Follows the files for changes until closed (after {@link #readOnce}). */
  public void follow() {
    if (!files.isEmpty()) {
      long every = POLL.toMillis();
      var unused =
          timer.scheduleWithFixedDelay(this::lookAgain, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void lookAgain() {
    boolean changed = false;
    for (Map.Entry<Path, Followed> entry : files.entrySet()) {
      Path file = entry.getKey();
      Followed followed = entry.getValue();
      try {
        Object now = attributes(file);
        if (!now.equals(followed.seen)) {
          read(file, followed, now);
          LOG.info("hosts file {} changed: {} records", file, followed.records.size());
          changed = true;
        }
      } catch (IOException | RuntimeException e) {
        String why = e instanceof NoSuchFileException ? "it is gone" : e.getMessage();
        if (!why.equals(followed.seen)) {
          followed.seen = why;
          LOG.warn(
              "hosts file {} cannot be read ({}); its {} records last read keep answering",
              file,
              why,
              followed.records.size());
        }
      }
    }
    if (changed) {
      publish();
    }
  }

  private void read(Path file, Followed followed, Object attributes) throws IOException {
    HostsFile.Reading reading = HostsFile.read(file, domains);
    followed.seen = attributes;
    followed.records = reading.records();
    List<String> problems = reading.problems();
    problems.stream().limit(PROBLEMS_LOGGED).forEach(LOG::warn);
    if (problems.size() > PROBLEMS_LOGGED) {
      LOG.warn("{}: {} more lines or names left out", file, problems.size() - PROBLEMS_LOGGED);
    }
  }

  private void publish() {
    List<StaticRecord> all = new ArrayList<>(given);
    files.values().forEach(f -> all.addAll(f.records));
    registry.replaceRecords(StaticRecords.of(all));
  }

  /** What tells a changed file: its time, size and inode (a replaced file has another). */
  private static Object attributes(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
