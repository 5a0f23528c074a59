package dev.stowage.engine.transfer;

import dev.stowage.engine.archive.Compression;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How to write an image out: layer compression, OCI or Docker schema 2 manifests, and an optional
 * timestamp ({@code --timestamp}) that clamps file mtimes and sets the config's creation times.
 */
public record PushOptions(Compression compression, boolean dockerFormat, OptionalLong timestamp) {

  public PushOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(timestamp, "timestamp");
    if (dockerFormat && compression == Compression.ZSTD) {
      throw new IllegalArgumentException(
          "--format docker cannot carry zstd layers; use --compression gzip or --format oci");
    }
  }

  /** gzip, OCI, original times. */
  public static PushOptions defaults() {
    return new PushOptions(Compression.GZIP, false, OptionalLong.empty());
  }

  public PushOptions withCompression(Compression c) {
    return new PushOptions(c, dockerFormat, timestamp);
  }

  public PushOptions withDockerFormat(boolean docker) {
    return new PushOptions(compression, docker, timestamp);
  }

  public PushOptions withTimestamp(long epochSeconds) {
    return new PushOptions(compression, dockerFormat, OptionalLong.of(epochSeconds));
  }
}
