package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script's JDK AOT cache: {@code stowage --write-aot-cache} trains one for the jar,
 * the engine then starts from it, and a stale, broken or missing cache never shows in the output or
 * fails a run. The jar here holds this module's classes and names its libraries in its manifest, as
 * the shaded jar does not need to.
 */
class LauncherScriptAotCacheTest {

  private static final Path SCRIPT = Path.of("src/main/sh/stowage").toAbsolutePath();

  @TempDir static Path shared;
  private static Path jar;
  private static Path cache;

  @TempDir Path tmp;

  @BeforeAll
  static void trainACache() throws Exception {
    jar = engineJar(shared.resolve("stowage.jar"));
    Run training = script(jar, Map.of(), "--write-aot-cache");
    assertThat(training.exit()).as(training.output()).isZero();
    cache = shared.resolve("stowage.aot");
  }

  @Test
  void trainingWritesACacheNextToTheJarThatTheEngineStartsFrom() throws Exception {
    assertThat(cache).isNotEmptyFile();
    assertThat(shared.resolve("stowage.aot.jar-id")).exists();

    Path log = tmp.resolve("classes.txt");
    Run run = script(jar, Map.of("STOWAGE_JAVA_OPTS", "-Xlog:class+load:file=" + log), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.output()).isEqualTo("stowage 0.1.0\n");
    assertThat(Files.readAllLines(log))
        .anyMatch(l -> l.contains(" dev.stowage.engine.cli.Main source: shared objects file"));
  }

  @Test
  void cacheOfAnotherBuildOfTheJarIsNotUsedAndNotMentioned() throws Exception {
    Path rebuilt = Files.copy(jar, tmp.resolve("stowage.jar"));
    Files.copy(cache, tmp.resolve("stowage.aot"));
    Path id = Files.copy(shared.resolve("stowage.aot.jar-id"), tmp.resolve("stowage.aot.jar-id"));
    Files.setLastModifiedTime(id, Files.getLastModifiedTime(jar));
    // the same jar, built again a second later
    Files.setLastModifiedTime(
        rebuilt, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));

    Path log = tmp.resolve("classes.txt");
    Run run =
        script(rebuilt, Map.of("STOWAGE_JAVA_OPTS", "-Xlog:class+load:file=" + log), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.output()).isEqualTo("stowage 0.1.0\n");
    assertThat(Files.readAllLines(log))
        .anyMatch(l -> l.contains(" dev.stowage.engine.cli.Main source: file:"));
  }

  @Test
  void brokenCacheIsIgnoredSilently() throws Exception {
    Path copy = Files.copy(jar, tmp.resolve("stowage.jar"));
    Files.writeString(tmp.resolve("stowage.aot"), "not an AOT cache");
    Path id = Files.createFile(tmp.resolve("stowage.aot.jar-id"));
    Files.setLastModifiedTime(id, Files.getLastModifiedTime(copy));

    Run run = script(copy, Map.of(), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.output()).isEqualTo("stowage 0.1.0\n");
  }

  @Test
  void missingCacheIsNoProblem() throws Exception {
    Path copy = Files.copy(jar, tmp.resolve("stowage.jar"));

    Run run = script(copy, Map.of(), "images", "--storage-root", tmp.resolve("store").toString());

    assertThat(run.exit()).isZero();
    assertThat(run.output()).startsWith("REPOSITORY").doesNotContain("aot", "AOT", "warning");
  }

  @Test
  void jvmOptionsThatRuleOutACacheStillStartTheEngine() throws Exception {
    Run run =
        script(jar, Map.of("STOWAGE_JAVA_OPTS", "-XX:+UseSerialGC -Xshare:auto"), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.output()).isEqualTo("stowage 0.1.0\n");
  }

  private record Run(int exit, String output) {}

  /** Runs the launcher script on {@code jar}; stdout and stderr together. */
  private static Run script(Path jar, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("STOWAGE_JAR", jar.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("STOWAGE_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), output);
  }

  /** This module's classes as a jar whose manifest puts the test class path's jars after it. */
  private static Path engineJar(Path jar) throws IOException {
    List<String> libraries = new ArrayList<>();
    Path classes = null;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
        libraries.add(p.toUri().getRawPath());
      } else if (Files.isDirectory(p) && p.endsWith("classes")) {
        classes = p;
      }
    }
    assertThat(classes).as("target/classes on the class path").isNotNull();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
    Path root = classes;
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> tree = Files.walk(root)) {
      for (Path p : (Iterable<Path>) tree.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
