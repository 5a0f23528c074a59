package dev.stowage.engine.archive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** {@code fs} is a leaf; {@code archive} uses only {@code fs} and the image value types. */
class ArchiveDependenciesTest {

  static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stowage.engine");

  @Test
  void fsDependsOnNoOtherEnginePackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.fs..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.archive..",
            "dev.stowage.engine.image..",
            "dev.stowage.engine.storage..",
            "dev.stowage.engine.cli..")
        .check(ENGINE);
  }

  @Test
  void archiveUsesOnlyFsAndImageValueTypes() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.archive..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.storage..",
            "dev.stowage.engine.registry..",
            "dev.stowage.engine.containerfile..",
            "dev.stowage.engine.auth..",
            "dev.stowage.engine.cli..")
        .check(ENGINE);
  }
}
