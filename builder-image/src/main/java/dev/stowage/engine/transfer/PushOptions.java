package dev.stowage.engine.transfer;

import dev.stowage.engine.archive.Compression;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How to write an image out: layer compression and its level ({@code --compression-level}; empty:
 * the compression's default), OCI or Docker schema 2 manifests, and an optional timestamp ({@code
 * --timestamp}) that clamps file mtimes and sets the config's creation times.
 */
public record PushOptions(
    Compression compression,
    OptionalInt compressionLevel,
    boolean dockerFormat,
    OptionalLong timestamp) {

  public PushOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(compressionLevel, "compressionLevel");
    Objects.requireNonNull(timestamp, "timestamp");
    compressionLevel.ifPresent(compression::checkLevel);
    if (dockerFormat && compression == Compression.ZSTD) {
      throw new IllegalArgumentException(
          "--format docker cannot carry zstd layers; use --compression gzip or --format oci");
    }
  }

  /** At the compression's default level. */
  public PushOptions(Compression compression, boolean dockerFormat, OptionalLong timestamp) {
    this(compression, OptionalInt.empty(), dockerFormat, timestamp);
  }

  /** gzip, OCI, original times. */
  public static PushOptions defaults() {
    return new PushOptions(Compression.GZIP, false, OptionalLong.empty());
  }

  /** {@code c} at its default level. */
  public PushOptions withCompression(Compression c) {
    return new PushOptions(c, OptionalInt.empty(), dockerFormat, timestamp);
  }

  /**
   * @throws IllegalArgumentException when the compression has no such level
   */
  public PushOptions withCompressionLevel(int level) {
    return new PushOptions(compression, OptionalInt.of(level), dockerFormat, timestamp);
  }

  public PushOptions withDockerFormat(boolean docker) {
    return new PushOptions(compression, compressionLevel, docker, timestamp);
  }

  public PushOptions withTimestamp(long epochSeconds) {
    return new PushOptions(
        compression, compressionLevel, dockerFormat, OptionalLong.of(epochSeconds));
  }
}
