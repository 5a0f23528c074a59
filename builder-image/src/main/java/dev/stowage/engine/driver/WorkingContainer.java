package dev.stowage.engine.driver;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The root file systems of one stage: a fresh root for each step that may change it, and read-only
 * views for {@code COPY --from}. Closing it releases every mount and directory it made.
 */
public interface WorkingContainer extends Closeable {

  /**
   * A root holding the content of {@code topLayer} (nothing for none) in which one step runs; what
   * the step changes there becomes the layer that {@link StepRoot#commit} returns.
   */
  StepRoot begin(Optional<String> topLayer, StepKind kind) throws IOException;

  /** The content of {@code topLayer}, to read from (never to write to) until closed. */
  Path view(Optional<String> topLayer) throws IOException;

  @Override
  void close() throws IOException;
}
