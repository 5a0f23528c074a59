package dev.stowage.engine.build;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The executor reaches RUN isolation, registries and exports only through its own interfaces
 * (StepRunner, BaseImageSource, ImagePublisher); the CLI wires the implementations.
 */
class BuildDependenciesTest {

  static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stowage.engine");

  @Test
  void buildDependsOnNeitherCliNorRegistryNorIsolation() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.build..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.cli..",
            "dev.stowage.engine.registry..",
            "dev.stowage.engine.auth..",
            "dev.stowage.engine.transfer..",
            "dev.stowage.engine.isolation..")
        .check(ENGINE);
  }

  @Test
  void noLowerPackageDependsOnBuild() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.stowage.engine.containerfile..",
            "dev.stowage.engine.context..",
            "dev.stowage.engine.image..",
            "dev.stowage.engine.storage..",
            "dev.stowage.engine.archive..",
            "dev.stowage.engine.fs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.stowage.engine.build..")
        .check(ENGINE);
  }
}
