package dev.stowage.engine.context;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file-system entry of the build context.
 *
 * @param path relative to the context root, {@code /}-separated ({@code .} for the root itself)
 * @param file the absolute path to read (for a followed source symlink: its target)
 */
public record ContextEntry(String path, Path file, Kind kind) {

  /** Entry types; symlinks are never followed while walking. */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  public ContextEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
  }
}
