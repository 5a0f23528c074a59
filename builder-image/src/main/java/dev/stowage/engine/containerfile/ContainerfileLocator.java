package dev.stowage.engine.containerfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Containerfile of a build: the {@code -f} file if given, else {@code Containerfile},
 * else {@code Dockerfile} in the context.
 */
public final class ContainerfileLocator {

  private ContainerfileLocator() {}

  /**
   * @param given the {@code -f} value: absolute, relative to {@code workingDirectory} (as Docker
   *     resolves it) or, failing that, relative to the context (as ImageBuild's containerfile is)
   */
  public static Path locate(Path context, Optional<String> given, Path workingDirectory)
      throws ContainerfileException {
    if (given.isPresent() && !given.get().isBlank()) {
      Path p = Path.of(given.get());
      if (p.isAbsolute()) {
        return requireFile(p, given.get());
      }
      Path fromCwd = workingDirectory.resolve(p);
      if (Files.isRegularFile(fromCwd)) {
        return fromCwd.normalize();
      }
      return requireFile(context.resolve(p).normalize(), given.get());
    }
    for (String name : new String[] {"Containerfile", "Dockerfile"}) {
      Path candidate = context.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw ContainerfileException.general(
        "no Containerfile or Dockerfile in the context " + context,
        "add one, or point at it with -f <file>");
  }

  /**
   * How error messages name the file: its path inside the context ({@code build/Dockerfile}), or
   * the path as found when it lives outside the context.
   */
  public static String displayName(Path context, Path containerfile) {
    Path ctx = context.toAbsolutePath().normalize();
    Path file = containerfile.toAbsolutePath().normalize();
    return file.startsWith(ctx) ? ctx.relativize(file).toString() : containerfile.toString();
  }

  private static Path requireFile(Path p, String given) throws ContainerfileException {
    if (!Files.isRegularFile(p)) {
      throw ContainerfileException.general(
          "Containerfile " + given + " not found", "check the -f path (tried " + p + ")");
    }
    return p;
  }
}
