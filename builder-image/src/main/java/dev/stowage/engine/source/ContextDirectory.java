package dev.stowage.engine.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that the context directory the build will use exists inside the fetched tree. */
public final class ContextDirectory {

  private ContextDirectory() {}

  /**
   * The real path of {@code dir} below {@code root}.
   *
   * @param where what {@code root} holds, for the message (e.g. {@code "the repository"})
   * @throws InvalidSourceException when it is missing, not a directory, or leaves {@code root}
   *     through a symbolic link
   */
  public static Path check(Path root, RelativePath dir, String where)
      throws InvalidSourceException, IOException {
    Path realRoot = root.toRealPath();
    if (dir.isRoot()) {
      return realRoot;
    }
    Path path = dir.under(root);
    if (!Files.exists(path)) {
      throw new InvalidSourceException(
          "context directory '"
              + dir
              + "' does not exist in "
              + where
              + ": check contextDir (it is relative to the root of "
              + where
              + ")");
    }
    Path real = path.toRealPath();
    if (!real.startsWith(realRoot)) {
      throw new InvalidSourceException(
          "context directory '" + dir + "' leaves " + where + " through a symbolic link");
    }
    if (!Files.isDirectory(real)) {
      throw new InvalidSourceException(
          "context directory '" + dir + "' in " + where + " is not a directory");
    }
    return real;
  }
}
