package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The reference documents every subcommand, option and config key, so it cannot drift. */
class ReferenceTest {

  private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

  @Test
  void every_subcommand_and_option_is_in_the_reference() throws IOException {
    String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : Main.commandLine().getSubcommands().entrySet()) {
      if (!reference.contains("dockerdns " + sub.getKey())) {
        missing.add("dockerdns " + sub.getKey());
      }
      for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
        String name = option.longestName();
        if (!option.usageHelp() && !option.versionHelp() && !reference.contains("`" + name)) {
          missing.add(sub.getKey() + " " + name);
        }
      }
    }
    assertThat(missing).as("documented in docs/reference.md").isEmpty();
  }

  @Test
  void every_config_key_is_in_the_reference() throws IOException {
    String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);
    List<String> rows = new ArrayList<>();
    for (Setting<?> setting : Settings.ALL) {
      rows.add("| `" + setting.key() + "` | `" + setting.option() + "`");
    }

    assertThat(rows).allMatch(reference::contains, "in the key table, with its option");
  }
}
