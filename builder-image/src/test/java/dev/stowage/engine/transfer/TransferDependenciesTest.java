package dev.stowage.engine.transfer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** {@code transfer} sits under the CLI and beside the build front end, never on top of them. */
class TransferDependenciesTest {

  static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stowage.engine");

  @Test
  void transferDependsOnNeitherTheCliNorTheContainerfileFrontEnd() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.transfer..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine.cli..",
            "dev.stowage.engine.containerfile..",
            "dev.stowage.engine.context..")
        .check(ENGINE);
  }

  @Test
  void theLayersBelowDoNotDependOnTransfer() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.stowage.engine.image..",
            "dev.stowage.engine.registry..",
            "dev.stowage.engine.storage..",
            "dev.stowage.engine.archive..",
            "dev.stowage.engine.fs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.stowage.engine.transfer..")
        .check(ENGINE);
  }
}
