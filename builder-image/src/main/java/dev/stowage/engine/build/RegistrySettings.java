package dev.stowage.engine.build;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a build talks to registries when it pulls a base or publishes the result: TLS verification,
 * the credentials file, and for pushed or exported images the layer compression, the manifest
 * format and the {@code --timestamp}.
 */
public record RegistrySettings(
    boolean tlsVerify,
    Optional<Path> authFile,
    String compression,
    ImageFormat format,
    Optional<Long> timestamp) {

  public RegistrySettings {
    Objects.requireNonNull(authFile, "authFile");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
