package dev.stowage.engine.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a layer's {@code diff/} as the overlay driver means it: {@code path} is relative to
 * the layer root with {@code /} separators; a whiteout names the deleted lower path (not the
 * marker), and an opaque directory hides everything below it in lower layers.
 */
public record DiffEntry(String path, Kind kind, Path file) {

  /** What the entry does to the lower layers. */
  public enum Kind {
    /** A regular file, symlink, device, fifo or socket that replaces the lower path. */
    FILE,
    /** A directory merged with the lower directory of the same path. */
    DIRECTORY,
    /** A directory that replaces the lower directory: lower content below it is hidden. */
    OPAQUE_DIRECTORY,
    /** The lower path is deleted; {@link #file} is the marker (0/0 device or {@code .wh.} file). */
    WHITEOUT
  }

  public DiffEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
  }
}
