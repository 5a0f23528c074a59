package dev.stowage.engine.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build contexts of the parity suite, read from the source tree ({@code
 * src/test/resources/parity/<name>}) rather than the class path, because resource copying would
 * turn their symlinks into files.
 */
public final class ParityContexts {

  private ParityContexts() {}

  /** The directory holding one subdirectory per context. */
  public static Path root() {
    Path source = Path.of("src/test/resources/parity").toAbsolutePath();
    if (Files.isDirectory(source)) {
      return source;
    }
    Path fromModuleParent = Path.of("builder-image/src/test/resources/parity").toAbsolutePath();
    if (Files.isDirectory(fromModuleParent)) {
      return fromModuleParent;
    }
    throw new IllegalStateException(
        "parity contexts not found: run from the builder-image module or the repository root");
  }

  /** The context names, sorted. */
  public static List<String> names() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("Containerfile")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list parity contexts in " + root(), e);
    }
  }

  /**
   * The reviewed differences between stowage and buildah for context {@code name} (lines of {@link
   * ParityDiff#lines()}, from {@code parity/known-differences/<name>.txt}; {@code #} comments and
   * blank lines ignored), empty when the images must be identical.
   */
  public static List<String> knownDifferences(String name, String driver) {
    Path file = root().resolve("known-differences").resolve(driver).resolve(name + ".txt");
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The context directory {@code name}. */
  public static Path context(String name) {
    Path dir = root().resolve(name);
    if (!Files.isRegularFile(dir.resolve("Containerfile"))) {
      throw new IllegalArgumentException("no parity context " + name + " in " + root());
    }
    return dir;
  }
}
