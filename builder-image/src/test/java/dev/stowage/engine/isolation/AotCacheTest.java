package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JDK AOT cache can be trained from its jar and then used for RUN steps. */
class AotCacheTest {

  @TempDir Path tmp;

  @Test
  void trainedCacheIsWrittenAndRunsUseIt() throws Exception {
    BusyboxRoot root = BusyboxRoot.create(tmp.resolve("r"));
    LauncherCommand fromClasses = LauncherCommand.ofCurrentJvm();
    Path jar = jarOf(fromClasses.classPath(), tmp.resolve("launcher.jar"));
    ChrootRunner runner =
        new ChrootRunner(
            new LauncherCommand(fromClasses.java(), jar, LauncherCommand.FAST_START, List.of()));
    Path cache = tmp.resolve("launcher.aot");

    assertThat(runner.trainAotCache(cache)).isTrue();
    assertThat(cache).isNotEmptyFile();

    // AOTMode=on makes the JVM refuse to start when the cache cannot be used
    List<String> strict = new ArrayList<>(LauncherCommand.FAST_START);
    strict.add("-XX:AOTMode=on");
    ChrootRunner strictRunner =
        new ChrootRunner(new LauncherCommand(fromClasses.java(), jar, strict, List.of()))
            .withAotCache(cache);
    RecordingSink sink = new RecordingSink();
    RunResult result = strictRunner.run(root.sh("echo cached"), sink);
    assertThat(result.exitCode()).isZero();
    assertThat(sink.stdout).containsExactly("cached");
    assertThat(sink.stderr).isEmpty();
  }

  @Test
  void aCacheTrainedOnAnotherBuildOfTheJarIsNotUsed() throws Exception {
    LauncherCommand fromClasses = LauncherCommand.ofCurrentJvm();
    Path jar = jarOf(fromClasses.classPath(), tmp.resolve("launcher.jar"));
    LauncherCommand command =
        new LauncherCommand(fromClasses.java(), jar, LauncherCommand.FAST_START, List.of());
    Path cache = tmp.resolve("launcher.aot");
    assertThat(new ChrootRunner(command).trainAotCache(cache)).isTrue();
    assertThat(command.withAotCache(Optional.of(cache)).jvmOptions())
        .contains("-XX:AOTCache=" + cache);

    // the jar is rebuilt: JDK 25.0.3 would not notice and run the cache's classes
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));

    assertThat(command.withAotCache(Optional.of(cache)).jvmOptions())
        .noneMatch(o -> o.startsWith("-XX:AOTCache"));
  }

  @Test
  void trainingNeedsAJar() throws Exception {
    assertThat(
            new ChrootRunner(LauncherCommand.ofCurrentJvm())
                .trainAotCache(tmp.resolve("never.aot")))
        .isFalse();
    assertThat(tmp.resolve("never.aot")).doesNotExist();
  }

  /** A jar of this package's classes only, as the launcher needs nothing else. */
  private static Path jarOf(Path classes, Path jar) throws Exception {
    Path pkg = classes.resolve("dev/stowage/engine/isolation");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(pkg)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }
}
