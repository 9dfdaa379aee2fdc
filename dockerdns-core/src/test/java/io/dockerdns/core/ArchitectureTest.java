package io.dockerdns.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * How core's packages depend on each other. That only the engine adapter touches docker-java is
 * checked over every module by the launcher's {@code ModuleBoundariesTest}.
 */
class ArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dockerdns.core");

  @Test
  void the_model_depends_on_nothing_else_of_ours() {
    noClasses()
        .that()
        .resideInAPackage("io.dockerdns.core.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.dockerdns.core.registry..",
            "io.dockerdns.core.match..",
            "io.dockerdns.core.docker..")
        .check(CORE);
  }

  @Test
  void naming_rules_do_not_know_about_docker() {
    noClasses()
        .that()
        .resideInAPackage("io.dockerdns.core.match..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.dockerdns.core.docker..")
        .check(CORE);
  }
}
