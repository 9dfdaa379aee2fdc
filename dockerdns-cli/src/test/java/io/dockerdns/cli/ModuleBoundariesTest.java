package io.dockerdns.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dockerdns.core.DockerDns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The boundaries between the modules, checked over every module's classes: this one is the only
 * module that sees them all. Docker's types stay in the engine adapter; adapters depend on core
 * only, and on narrow parts of it, not the facade; only the launcher names command-line options.
 */
class ModuleBoundariesTest {

  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dockerdns");

  private static final String[] ADAPTERS = {
    "io.dockerdns.dns..", "io.dockerdns.sftp..", "io.dockerdns.console.."
  };

  @Test
  void every_module_was_imported() {
    for (String module : List.of("core", "dns", "sftp", "console", "cli")) {
      assertThat(
              ALL.stream().anyMatch(c -> c.getPackageName().startsWith("io.dockerdns." + module)))
          .as(module)
          .isTrue();
    }
  }

  @Test
  void only_the_engine_adapter_uses_docker_java() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.dockerdns.core.docker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(ALL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.dockerdns.dns..", "io.dockerdns.sftp..", "io.dockerdns.console.."})
  void an_adapter_depends_on_no_other_adapter_nor_the_launcher(String adapter) {
    List<String> others = new ArrayList<>(List.of(ADAPTERS));
    others.remove(adapter);
    others.add("io.dockerdns.cli..");
    noClasses()
        .that()
        .resideInAPackage(adapter)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others.toArray(String[]::new))
        .check(ALL);
  }

  @Test
  void adapters_get_narrow_inputs_not_the_facade() {
    noClasses()
        .that()
        .resideInAnyPackage(ADAPTERS)
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(DockerDns.class)
        .check(ALL);
  }

  /** A string literal, escapes and all. */
  private static final java.util.regex.Pattern LITERAL =
      java.util.regex.Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  /** An option's name: two dashes and a letter. */
  private static final java.util.regex.Pattern OPTION =
      java.util.regex.Pattern.compile("--\\[?[a-z]");

  /**
   * An adapter or core reports what failed and which setting; the launcher maps settings to its
   * options. An option's name anywhere in a string literal of theirs would break that.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dockerdns-core", "dockerdns-dns", "dockerdns-sftp", "dockerdns-console"})
  void no_module_but_the_launcher_names_a_command_line_option(String module) throws IOException {
    Path sources = Path.of("..", module, "src", "main", "java");
    assertThat(sources).isDirectory();
    List<String> naming = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (LITERAL
              .matcher(lines.get(i))
              .results()
              .anyMatch(l -> OPTION.matcher(l.group()).find())) {
            naming.add(sources.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(naming).isEmpty();
  }
}
