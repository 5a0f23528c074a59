package dev.stowage.engine.build;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a build talks to registries when it pulls a base or publishes the result: TLS verification,
 * the credentials file, and for pushed or exported images the layer compression and its level
 * (empty: the compression's default), the manifest format and the {@code --timestamp}.
 */
public record RegistrySettings(
    boolean tlsVerify,
    Optional<Path> authFile,
    String compression,
    OptionalInt compressionLevel,
    ImageFormat format,
    Optional<Long> timestamp) {

  public RegistrySettings {
    Objects.requireNonNull(authFile, "authFile");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(compressionLevel, "compressionLevel");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
