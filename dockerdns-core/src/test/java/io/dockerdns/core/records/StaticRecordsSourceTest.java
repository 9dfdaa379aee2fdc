package io.dockerdns.core.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.StaticRecord;
import io.dockerdns.core.registry.ContainerRegistry;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hosts file followed into the registry, as editors and tools change it. */
class StaticRecordsSourceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final ContainerRegistry registry = new ContainerRegistry();
  private final AtomicInteger published = new AtomicInteger();
  private StaticRecordsSource source;

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  private Path follow(String text) throws IOException {
    Path hosts = Files.writeString(dir.resolve("hosts"), text);
    source =
        new StaticRecordsSource(
            registry,
            List.of(StaticRecord.parse("fixed=192.0.2.1", List.of("docker"), "--record")),
            List.of(hosts),
            List.of("docker"));
    source.readOnce();
    var unused = registry.subscribe(change -> published.incrementAndGet());
    source.follow();
    return hosts;
  }

  private String addressOf(String key) {
    return registry.snapshot().records().addresses(key).stream()
        .map(IpAddresses::format)
        .findFirst()
        .orElse("none");
  }

  @Test
  void a_change_in_place_and_a_replacement_are_both_followed() throws Exception {
    Path hosts = follow("10.0.0.5 printer\n");
    assertThat(addressOf("printer")).isEqualTo("10.0.0.5");
    assertThat(addressOf("fixed")).isEqualTo("192.0.2.1");

    Files.writeString(hosts, "10.0.0.6 printer\n"); // in place (a size the same: time tells)
    Eventually.until(WAIT, "the edit", () -> addressOf("printer").equals("10.0.0.6"));

    Path saved = Files.writeString(dir.resolve("hosts.tmp"), "10.0.0.7 printer\n10.0.0.8 nas\n");
    Files.move(saved, hosts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Eventually.until(WAIT, "the replacement", () -> addressOf("nas").equals("10.0.0.8"));
    assertThat(addressOf("printer")).isEqualTo("10.0.0.7");
    assertThat(addressOf("fixed")).as("given records stay").isEqualTo("192.0.2.1");
  }

  @Test
  void a_file_that_goes_away_keeps_its_records_until_it_is_back() throws Exception {
    Path hosts = follow("10.0.0.5 printer\n");

    Files.delete(hosts);
    Thread.sleep(2 * StaticRecordsSource.POLL.toMillis());
    assertThat(addressOf("printer")).isEqualTo("10.0.0.5");

    Files.writeString(hosts, "10.0.0.9 printer\n");
    Eventually.until(WAIT, "the file back", () -> addressOf("printer").equals("10.0.0.9"));
  }

  @Test
  void a_file_saved_unchanged_publishes_nothing() throws Exception {
    Path hosts = follow("10.0.0.5 printer # before\n");

    Files.writeString(hosts, "10.0.0.5   printer # after, a comment changed\n");
    Files.writeString(dir.resolve("marker"), "");
    Thread.sleep(3 * StaticRecordsSource.POLL.toMillis());

    assertThat(published).as("no new snapshot: no reply cache emptied").hasValue(0);
  }

  @Test
  void a_file_that_cannot_be_read_at_start_is_named() {
    source =
        new StaticRecordsSource(
            registry, List.of(), List.of(dir.resolve("missing")), List.of("docker"));
    assertThatThrownBy(source::readOnce)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hosts file " + dir.resolve("missing") + " does not exist");
  }
}
