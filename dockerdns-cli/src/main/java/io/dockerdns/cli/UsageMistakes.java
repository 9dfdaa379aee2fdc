package io.dockerdns.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse ends as two short lines: what was wrong, with what was
 * probably meant, and where the full text is. The usage (a hundred lines for {@code run}) stays
 * behind {@code --help}, where it is asked for.
 */
final class UsageMistakes implements CommandLine.IParameterExceptionHandler {

  /** What users of other tools type, and ours for it; picocli's likeness finds the rest. */
  private static final Map<String, String> HABITS =
      Map.ofEntries(
          Map.entry("--port", "--dns-port"),
          Map.entry("-p", "--dns-port"),
          Map.entry("--dns-listen", "--dns-bind"),
          Map.entry("--listen", "--dns-bind"),
          Map.entry("--bind", "--dns-bind"),
          Map.entry("-l", "--dns-bind"),
          Map.entry("-H", "--docker-url"),
          Map.entry("--host", "--docker-url"),
          Map.entry("--docker", "--docker-url"),
          Map.entry("--docker-host", "--docker-url"),
          Map.entry("--upstream", "--forward"),
          Map.entry("--server", "--forward"),
          Map.entry("--nameserver", "--forward"),
          Map.entry("--zone", "--domain"),
          Map.entry("--tld", "--domain"),
          Map.entry("--debug", "--log-level debug"),
          Map.entry("--verbose", "--log-level debug"),
          Map.entry("-v", "--log-level debug"),
          Map.entry("--address", "--record NAME=ADDRESS"),
          Map.entry("serve", "run"),
          Map.entry("server", "run"),
          Map.entry("start", "run"),
          Map.entry("daemon", "run"),
          Map.entry("query", "lookup"),
          Map.entry("resolve", "lookup"),
          Map.entry("dig", "lookup"));

  private static final int MOST_SUGGESTED = 3;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    String command = cli.getCommandSpec().qualifiedName();
    err.println(command + ": " + problem(e) + " (" + command + " --help for the full usage)");
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** One line: the mistake, and what was probably meant. */
  static String problem(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched)) {
      return e.getMessage();
    }
    Optional<String> first = firstUnmatched(unmatched.getUnmatched());
    if (first.isEmpty()) {
      return e.getMessage();
    }
    String word = first.get();
    String what =
        word.startsWith("-")
            ? "unknown option "
            : e.getCommandLine().getSubcommands().isEmpty()
                ? "unexpected argument "
                : "unknown command ";
    List<String> suggestions = suggestions(word, unmatched.getSuggestions());
    return what + quoted(word) + (suggestions.isEmpty() ? "" : "; did you mean " + or(suggestions));
  }

  private static String or(List<String> words) {
    int last = words.size() - 1;
    return (last == 0 ? "" : String.join(", ", words.subList(0, last)) + " or ")
        + words.get(last)
        + "?";
  }

  /** The first word given that matched nothing; an option's value that follows it is no news. */
  private static Optional<String> firstUnmatched(List<String> unmatched) {
    return unmatched.stream()
        .filter(w -> w.startsWith("-"))
        .findFirst()
        .or(() -> unmatched.stream().findFirst());
  }

  /**
   * The habit first, then picocli's candidates a typo away, nearest first (not every option sharing
   * a prefix).
   */
  private static List<String> suggestions(String word, List<String> alike) {
    String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
    Set<String> all = new LinkedHashSet<>();
    Optional.ofNullable(HABITS.get(name)).ifPresent(all::add);
    all.addAll(Likeness.nearest(name, alike));
    return all.stream().limit(MOST_SUGGESTED).toList();
  }

  private static String quoted(String word) {
    return "'" + word + "'";
  }
}
