package dev.stowage.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's package map of builder-image/README.md, enforced: allowed edges only, no cycles. */
class EnginePackageMapTest {

  /** Each package and the engine packages it may use; keep in step with builder-image/README.md. */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("json", Set.of()),
          Map.entry("image", Set.of("json")),
          Map.entry("auth", Set.of("json")),
          Map.entry("fs", Set.of()),
          Map.entry("isolation", Set.of()),
          Map.entry("containerfile", Set.of("json")),
          Map.entry("context", Set.of()),
          Map.entry("source", Set.of()),
          Map.entry("registry", Set.of("auth", "image", "json")),
          Map.entry("storage", Set.of("image", "json")),
          Map.entry("archive", Set.of("fs", "image")),
          Map.entry("transfer", Set.of("archive", "fs", "image", "json", "registry", "storage")),
          Map.entry("driver", Set.of("archive", "fs", "image", "isolation", "storage")),
          Map.entry(
              "build",
              Set.of(
                  "archive",
                  "containerfile",
                  "context",
                  "driver",
                  "fs",
                  "image",
                  "json",
                  "storage")),
          Map.entry(
              "cli",
              Set.of(
                  "archive",
                  "auth",
                  "build",
                  "containerfile",
                  "context",
                  "driver",
                  "fs",
                  "image",
                  "isolation",
                  "json",
                  "registry",
                  "source",
                  "storage",
                  "transfer")));

  static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stowage.engine");

  static Set<String> packages() {
    return ALLOWED.keySet();
  }

  @ParameterizedTest
  @MethodSource("packages")
  void packageUsesOnlyTheEnginePackagesTheMapAllows(String pkg) {
    Set<String> forbidden = new HashSet<>(ALLOWED.keySet());
    forbidden.removeAll(ALLOWED.get(pkg));
    forbidden.remove(pkg);
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine." + pkg + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            forbidden.stream().map(p -> "dev.stowage.engine." + p + "..").toArray(String[]::new))
        .allowEmptyShould(true)
        .check(ENGINE);
  }

  @Test
  void everyEnginePackageIsOnTheMap() {
    Set<String> found = new TreeSet<>();
    for (JavaClass c : ENGINE) {
      String rest = c.getPackageName().substring("dev.stowage.engine".length());
      if (!rest.isEmpty()) {
        found.add(rest.substring(1).split("\\.")[0]);
      }
    }
    assertThat(found).isEqualTo(new TreeSet<>(ALLOWED.keySet()));
  }

  @Test
  void theArgumentParserKnowsNoCommandAndNoOtherPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.stowage.engine.cli.args")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stowage.engine", "dev.stowage.engine.cli", "com.fasterxml..", "org.slf4j..")
        .check(ENGINE);
    for (String pkg : ALLOWED.keySet()) {
      noClasses()
          .that()
          .resideInAPackage("dev.stowage.engine.cli.args")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.stowage.engine." + pkg + (pkg.equals("cli") ? "" : ".."))
          .check(ENGINE);
    }
  }

  @Test
  void enginePackagesAreFreeOfCycles() {
    slices().matching("dev.stowage.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
  }
}
