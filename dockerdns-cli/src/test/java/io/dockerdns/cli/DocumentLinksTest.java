package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link between the README and {@code docs/} leads somewhere: the file exists, and an anchor
 * names one of its headings as GitHub makes them ({@code #using-it-as-the-machines-resolver}). A
 * heading renamed shows here, not as a reader's dead end.
 */
class DocumentLinksTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

  @Test
  void every_relative_link_and_anchor_leads_somewhere() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      Matcher m = LINK.matcher(withoutCodeBlocks(Files.readString(file)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto: are not ours to check here
        }
        checked++;
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!Files.exists(linked)) {
          broken.add(file.getFileName() + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
          broken.add(file.getFileName() + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(checked).as("links found").isGreaterThan(10);
    assertThat(broken).as("links that lead nowhere").isEmpty();
  }

  /** GitHub's anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
  static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!file.toString().endsWith(".md")) {
      return anchors;
    }
    for (String line : withoutCodeBlocks(Files.readString(file)).lines().toList()) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug =
            heading
                .group(1)
                .trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
        String unique = slug;
        for (int n = 1; !anchors.add(unique); n++) {
          unique = slug + "-" + n;
        }
      }
    }
    return anchors;
  }

  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?ms)^```.*?^```", "");
  }

  @Test
  void anchors_are_made_as_github_makes_them() throws IOException {
    Path readme = ROOT.resolve("README.md");

    assertThat(anchors(readme))
        .contains("using-it-as-the-machines-resolver", "dockerdns-run-the-dns-server", "install");
  }
}
