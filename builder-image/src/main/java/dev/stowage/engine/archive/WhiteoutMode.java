package dev.stowage.engine.archive;

/** What {@link LayerExtractor} does with whiteouts and opaque-directory markers. */
public enum WhiteoutMode {
  /** Delete what they name from the destination (a root holding the lower layers). */
  APPLY,
  /**
   * Record them the containers/storage overlay way in an empty {@code diff/} directory: a char 0/0
   * device for {@code .wh.<name>} and the opaque xattr on directories with {@code .wh..wh..opq}.
   */
  OVERLAY
}
