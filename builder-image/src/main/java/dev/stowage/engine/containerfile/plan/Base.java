package dev.stowage.engine.containerfile.plan;

import java.util.Objects;

/** What a stage starts from, or what a {@code --from} names. */
public sealed interface Base {

  /** {@code FROM scratch}: an empty root file system. */
  record Scratch() implements Base {}

  /** An image reference to pull (or find in the stores). */
  record Image(String reference) implements Base {
    public Image {
      Objects.requireNonNull(reference, "reference");
    }
  }

  /** An earlier stage of the same Containerfile. */
  record StageRef(int index) implements Base {
    public StageRef {
      if (index < 0) {
        throw new IllegalArgumentException("stage index < 0");
      }
    }
  }
}
