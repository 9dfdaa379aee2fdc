package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every {@code dockerdns ...} command line the README and {@code docs/} show parses: an option
 * renamed or removed shows here, not in a user's terminal.
 */
class DocumentedCommandsTest {

  private static final Path ROOT = Path.of("..");

  /**
   * Command lines in code blocks and code spans with at least one argument ({@code ./dockerdns run
   * --dns-port 5300}); a bare {@code dockerdns lookup} in prose names the command, it is no call.
   */
  static Stream<String> documentedCommands() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
    }
    List<String> commands = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        for (String piece : line.split("`|&&|;|\\|", -1)) {
          String candidate = piece.trim().replaceFirst("^\\$ ", "").replaceFirst("^sudo ", "");
          if (candidate.matches(
                  "(\\./|/opt/dockerdns/bin/)?dockerdns (run|lookup|healthcheck|hash-password) .+")
              && !candidate.contains("...")
              && !candidate.contains("[")) {
            commands.add(file.getFileName() + ": " + candidate.replaceFirst("\\s+#.*$", "").trim());
          }
        }
      }
    }
    assertThat(commands).as("commands found in the docs").hasSizeGreaterThan(20);
    return commands.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedCommands")
  void parses(String documented) {
    String command = documented.substring(documented.indexOf(": ") + 2);
    List<String> words = Shell.words(command);
    String[] args = words.subList(1, words.size()).toArray(String[]::new);

    CommandLine cli = Main.commandLine();
    cli.parseArgs(args); // throws on an unknown option or a missing value
  }

  /** Enough of the shell's word splitting for documented command lines: quotes and '&'. */
  static final class Shell {
    static List<String> words(String line) {
      List<String> words = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      char quote = 0;
      boolean inWord = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          inWord = true;
        } else if (Character.isWhitespace(c) || c == '&') {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
        } else {
          word.append(c);
          inWord = true;
        }
      }
      if (inWord) {
        words.add(word.toString());
      }
      return words;
    }
  }
}
