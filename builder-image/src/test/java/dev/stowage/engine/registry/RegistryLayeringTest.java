package dev.stowage.engine.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** image ← auth-free value types; auth ← files only; registry ← image + auth; none depend back. */
class RegistryLayeringTest {

  private static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stowage.engine");

  @Test
  void imageModelDependsOnNoOtherEnginePackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.image..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.registry..",
            "dev.stowage.engine.auth..",
            "dev.stowage.engine.cli..")
        .check(ENGINE);
  }

  @Test
  void authDependsOnNeitherRegistryNorImage() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.registry..",
            "dev.stowage.engine.image..",
            "dev.stowage.engine.cli..")
        .check(ENGINE);
  }

  @Test
  void registryClientUsesOnlyImageAndAuthFromTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.registry..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.cli..",
            "dev.stowage.engine.storage..",
            "dev.stowage.engine.containerfile..",
            "dev.stowage.engine.archive..",
            "dev.stowage.engine.fs..")
        .check(ENGINE);
  }
}
