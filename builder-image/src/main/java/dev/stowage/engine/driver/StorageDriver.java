package dev.stowage.engine.driver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a build gets a root file system for each step and turns what the step changed into a layer.
 */
public interface StorageDriver {

  /** What the build reports about this driver (name, how it mounts, why it fell back). */
  DriverInfo info();

  /** A working container for one stage, or for an image that {@code COPY --from} reads. */
  WorkingContainer newContainer(Path workDir) throws IOException;
}
