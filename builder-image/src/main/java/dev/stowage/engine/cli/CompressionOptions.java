package dev.stowage.engine.cli;

import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.transfer.PushOptions;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code --compression} and {@code --compression-level}: how pushed and exported layers are packed.
 */
final class CompressionOptions {

  private String compression = "gzip";
  private Integer level;

  /** {@code --compression gzip|zstd|none} and {@code --compression-level N}. */
  List<OptionSpec> options() {
    return List.of(
        OptionSpec.value("--compression")
            .label("gzip|zstd")
            .help("Compression of pushed and exported layers (default: gzip).")
            .to(v -> compression = v),
        OptionSpec.value("--compression-level")
            .label("N")
            .help("Gzip 0-9 (default 1, fastest), zstd 1-19 (default 3).")
            .toInt(v -> level = v));
  }

  /**
   * The push options these give with the manifest format and timestamp.
   *
   * @throws IllegalArgumentException for an unknown compression, a level it does not have, or zstd
   *     with Docker manifests
   */
  PushOptions pushOptions(boolean dockerFormat, OptionalLong timestamp) {
    return new PushOptions(
        Compression.parse(compression),
        level == null ? OptionalInt.empty() : OptionalInt.of(level),
        dockerFormat,
        timestamp);
  }
}
