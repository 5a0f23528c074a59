package dev.stowage.engine.isolation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** isolation ← java.base only: the launcher JVM must load nothing but this package and the JDK. */
class IsolationLayeringTest {

  private static final JavaClasses ISOLATION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stowage.engine.isolation");

  @Test
  void isolationDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("dev.stowage.engine.isolation..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.stowage.engine.isolation..", "java..", "jdk.internal..")
        .check(ISOLATION);
  }
}
