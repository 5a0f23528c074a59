package dev.stowage.engine.driver;

import dev.stowage.engine.storage.LayerRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The root of one step: where it writes, and how its changes become a layer. */
public interface StepRoot {

  /** The root directory as the engine (and a RUN's chroot) sees it. */
  Path dir();

  /**
   * The mount points ({@code dev}, {@code proc}, {@code sys}) a RUN here gets mounted in a mount
   * namespace of its own: a minimal {@code /dev}, the engine's {@code /proc}, a read-only {@code
   * /sys}. Empty where the engine cannot mount (native driver): the root's own {@code /dev} nodes
   * serve then.
   */
  Set<String> isolationMounts();

  /** The step's changes as a new layer on the step's top layer; empty when nothing changed. */
  Optional<LayerRecord> commit() throws IOException;

  /** Drops the step's changes (it failed); the container stays usable. */
  void discard();
}
