package dev.stowage.engine.containerfile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The front end's layering: shell ← syntax ← instruction ← plan, context on its own, and none of
 * them reaching into the rest of the engine (storage, registry, CLI).
 */
class FrontEndArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.stowage.engine.containerfile", "dev.stowage.engine.context");
  }

  @Test
  void subpackagesAreFreeOfCycles() {
    slices()
        .matching("dev.stowage.engine.(containerfile|context).(**)")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void shellLexerDependsOnNothingElse() {
    noClasses()
        .that()
        .resideInAPackage("..containerfile.shell..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..containerfile.syntax..", "..containerfile.instruction..", "..containerfile.plan..")
        .check(classes);
  }

  @Test
  void syntaxKnowsNoInstructionsOrPlans() {
    noClasses()
        .that()
        .resideInAPackage("..containerfile.syntax..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..containerfile.instruction..", "..containerfile.plan..")
        .check(classes);
  }

  @Test
  void instructionsKnowNoPlan() {
    noClasses()
        .that()
        .resideInAPackage("..containerfile.instruction..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..containerfile.plan..")
        .check(classes);
  }

  @Test
  void frontEndStaysOutOfTheRestOfTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.stowage.engine.containerfile..", "dev.stowage.engine.context..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.cli..",
            "dev.stowage.engine.registry..",
            "dev.stowage.engine.storage..",
            "dev.stowage.engine.image..",
            "dev.stowage.engine.archive..",
            "dev.stowage.engine.fs..",
            "dev.stowage.engine.auth..")
        .check(classes);
  }

  @Test
  void contextKnowsNothingOfContainerfiles() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.context..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.stowage.engine.containerfile..")
        .check(classes);
  }
}
