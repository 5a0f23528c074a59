package dev.stowage.engine.driver;

import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What every driver needs: the stores (layers are read from all, written to the primary), a scratch
 * directory, and the {@code --timestamp} that clamps file times in new layers.
 */
public record DriverContext(StoreSet stores, Path scratch, Optional<Long> timestamp) {

  public DriverContext {
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(scratch, "scratch");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
