package dev.stowage.engine.archive;

import dev.stowage.engine.fs.Timespec;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@link LayerWriter} writes a layer: compression and its level (empty: the compression's
 * default), an optional timestamp that clamps every mtime (SOURCE_DATE_EPOCH semantics, for
 * reproducible layers), paths to leave out, and the number of compression threads.
 */
public record LayerOptions(
    Compression compression,
    OptionalInt level,
    Optional<Timespec> timestamp,
    PathExclusions exclusions,
    int threads) {

  public LayerOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(exclusions, "exclusions");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
  }

  /** gzip on all cores, original mtimes, nothing excluded. */
  public static LayerOptions defaults() {
    return new LayerOptions(
        Compression.GZIP,
        OptionalInt.empty(),
        Optional.empty(),
        PathExclusions.NONE,
        Runtime.getRuntime().availableProcessors());
  }

  /** The compression at its default level. */
  public LayerOptions withCompression(Compression c) {
    return new LayerOptions(c, OptionalInt.empty(), timestamp, exclusions, threads);
  }

  /** The compression at {@code level} when present (see {@link Compression#checkLevel}). */
  public LayerOptions withLevel(OptionalInt l) {
    l.ifPresent(compression::checkLevel);
    return new LayerOptions(compression, l, timestamp, exclusions, threads);
  }

  /** Clamps mtimes to {@code epochSeconds} ({@code --timestamp}). */
  public LayerOptions withTimestamp(long epochSeconds) {
    return new LayerOptions(
        compression, level, Optional.of(new Timespec(epochSeconds, 0)), exclusions, threads);
  }

  public LayerOptions withExclusions(PathExclusions e) {
    return new LayerOptions(compression, level, timestamp, e, threads);
  }

  public LayerOptions withThreads(int n) {
    return new LayerOptions(compression, level, timestamp, exclusions, n);
  }
}
