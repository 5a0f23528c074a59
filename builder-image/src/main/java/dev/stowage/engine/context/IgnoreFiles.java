package dev.stowage.engine.context;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the ignore file of a build: {@code <Containerfile>.containerignore} or {@code
 * <Containerfile>.dockerignore} next to the Containerfile, else {@code .containerignore} or {@code
 * .dockerignore} at the context root.
 */
public final class IgnoreFiles {

  private IgnoreFiles() {}

  public static Optional<Path> find(Path contextRoot, Optional<Path> containerfile) {
    if (containerfile.isPresent()) {
      Path cf = containerfile.get();
      String name = cf.getFileName().toString();
      for (String suffix : List.of(".containerignore", ".dockerignore")) {
        Path candidate = cf.resolveSibling(name + suffix);
        if (Files.isRegularFile(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    for (String name : List.of(".containerignore", ".dockerignore")) {
      Path candidate = contextRoot.resolve(name);
      if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
