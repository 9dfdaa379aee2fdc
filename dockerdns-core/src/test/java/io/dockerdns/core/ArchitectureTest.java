package io.dockerdns.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Docker's types stay at the edge: only the Docker adapter package may touch docker-java. */
class ArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dockerdns.core");

  @Test
  void only_the_docker_package_uses_docker_java() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.dockerdns.core.docker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(CORE);
  }

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
