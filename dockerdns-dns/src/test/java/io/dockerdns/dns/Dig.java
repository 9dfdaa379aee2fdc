package io.dockerdns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code dig} (bind9-dnsutils) against our server, and its output read back. */
record Dig(
    String status,
    Set<String> flags,
    List<String> answer,
    List<String> authority,
    List<String> additional,
    String raw) {

  private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
  private static final Pattern QUERY_TIME = Pattern.compile(";; Query time: (\\d+) msec");
  private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]*);");

  /** Runs {@code dig @127.0.0.1 -p PORT ARGS...} with one try and a short timeout. */
  static Dig query(int port, String... args) {
    return from(List.of(), "127.0.0.1", port, args);
  }

  /**
   * Runs {@code PREFIX... dig @SERVER -p PORT ARGS...}: the prefix runs dig elsewhere, such as
   * {@code ip netns exec NS} for a client with an address of its own.
   */
  static Dig from(List<String> prefix, String server, int port, String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("dig", "@" + server, "-p", Integer.toString(port)));
    command.addAll(List.of("+time=3", "+tries=1", "+nocookie"));
    command.addAll(Arrays.asList(args));
    String out = run(command);
    return parse(out);
  }

  /** The query time dig reports, in milliseconds. */
  long queryMillis() {
    Matcher time = QUERY_TIME.matcher(raw);
    return time.find() ? Long.parseLong(time.group(1)) : Long.MAX_VALUE;
  }

  /** Whether dig got no reply at all. */
  boolean timedOut() {
    return raw.contains("timed out") && status.isEmpty();
  }

  private static Dig parse(String out) {
    Matcher status = STATUS.matcher(out);
    Matcher flags = FLAGS.matcher(out);
    return new Dig(
        status.find() ? status.group(1) : "",
        flags.find()
            ? new TreeSet<>(Arrays.asList(flags.group(1).trim().split("\\s+", -1)))
            : Set.of(),
        section(out, "ANSWER"),
        section(out, "AUTHORITY"),
        section(out, "ADDITIONAL"),
        out);
  }

  /** The records of one section, with runs of whitespace made one space. */
  private static List<String> section(String out, String name) {
    List<String> records = new ArrayList<>();
    boolean in = false;
    for (String line : out.lines().toList()) {
      if (line.startsWith(";; " + name + " SECTION:")) {
        in = true;
      } else if (in && (line.isBlank() || line.startsWith(";"))) {
        in = false;
      } else if (in) {
        records.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return records;
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("dig finished").isTrue();
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run dig (" + e.getMessage() + "); ./test.sh installs bind9-dnsutils", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
