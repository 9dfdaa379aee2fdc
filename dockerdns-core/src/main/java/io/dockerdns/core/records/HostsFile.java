package io.dockerdns.core.records;

import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.StaticRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hosts file's records: {@code ADDRESS NAME [NAME...]} per line, {@code #} to the end of a line a
 * comment, as {@code /etc/hosts}. A line or name that cannot be read is left out and said why (file
 * and line), never the whole file.
 */
public final class HostsFile {

  /** More than this is not read: a hosts file is text a person keeps, not a data dump. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final Pattern WORDS = Pattern.compile("\\s+");

  /** What a reading gave: the records, and a sentence for each line or name left out. */
  public record Reading(List<StaticRecord> records, List<String> problems) {
    public Reading {
      records = List.copyOf(records);
      problems = List.copyOf(problems);
    }
  }

  private HostsFile() {}

  /**
   * Reads {@code file}, its names under {@code domains}.
   *
   * @throws IOException when it cannot be read at all: missing, not a regular file (a FIFO or a
   *     device would never end), or larger than 16 MB
   */
  public static Reading read(Path file, List<String> domains) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException(file + " is larger than " + (MAX_BYTES >> 20) + " MB");
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), file.toString(), domains);
  }

  /** Reads a hosts file's text; {@code origin} names it in records and problems. */
  static Reading parse(String text, String origin, List<String> domains) {
    List<StaticRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int number = 0;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      number++;
      int hash = line.indexOf('#');
      String content = (hash < 0 ? line : line.substring(0, hash)).trim();
      if (content.isEmpty()) {
        continue;
      }
      String where = origin + ":" + number;
      String[] words = WORDS.split(content, -1);
      Optional<InetAddress> address = IpAddresses.parse(words[0]);
      if (address.isEmpty() || words.length < 2) {
        problems.add(
            where
                + ": "
                + (address.isEmpty()
                    ? "'" + words[0] + "' is not an IP address"
                    : "an address without a name")
                + "; the line is left out");
        continue;
      }
      for (int i = 1; i < words.length; i++) {
        try {
          records.add(new StaticRecord(StaticRecord.key(words[i], domains), address.get(), where));
        } catch (IllegalArgumentException e) {
          problems.add(where + ": " + e.getMessage() + "; the name is left out");
        }
      }
    }
    return new Reading(records, problems);
  }
}
