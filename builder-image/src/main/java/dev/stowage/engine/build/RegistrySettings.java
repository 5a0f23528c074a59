package dev.stowage.engine.build;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a build talks to registries when it pulls a base or publishes the result: TLS verification,
 * the credentials file, and the layer compression of pushed or exported images.
 */
public record RegistrySettings(boolean tlsVerify, Optional<Path> authFile, String compression) {

  public RegistrySettings {
    Objects.requireNonNull(authFile, "authFile");
    Objects.requireNonNull(compression, "compression");
  }
}
