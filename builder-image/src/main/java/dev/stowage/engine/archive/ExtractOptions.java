package dev.stowage.engine.archive;

import dev.stowage.engine.image.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link LayerExtractor} applies a layer: whiteout handling, the DiffID to verify, whether to
 * restore numeric ownership, and the xattr that marks opaque directories in overlay mode ({@code
 * trusted.overlay.opaque} for kernel overlay and fuse-overlayfs as root, {@code
 * user.overlay.opaque} for rootless overlay).
 */
public record ExtractOptions(
    WhiteoutMode whiteouts,
    Optional<Digest> expectedDiffId,
    boolean restoreOwnership,
    String opaqueXattr) {

  public static final String TRUSTED_OPAQUE = "trusted.overlay.opaque";

  public ExtractOptions {
    Objects.requireNonNull(whiteouts, "whiteouts");
    Objects.requireNonNull(expectedDiffId, "expectedDiffId");
    Objects.requireNonNull(opaqueXattr, "opaqueXattr");
  }

  /** Apply onto a root: whiteouts delete, ownership restored. */
  public static ExtractOptions apply() {
    return new ExtractOptions(WhiteoutMode.APPLY, Optional.empty(), true, TRUSTED_OPAQUE);
  }

  /** Extract into an empty overlay {@code diff/} directory, recording whiteouts. */
  public static ExtractOptions overlayDiff() {
    return new ExtractOptions(WhiteoutMode.OVERLAY, Optional.empty(), true, TRUSTED_OPAQUE);
  }

  public ExtractOptions verifying(Digest diffId) {
    return new ExtractOptions(whiteouts, Optional.of(diffId), restoreOwnership, opaqueXattr);
  }

  public ExtractOptions withOwnership(boolean restore) {
    return new ExtractOptions(whiteouts, expectedDiffId, restore, opaqueXattr);
  }

  public ExtractOptions withOpaqueXattr(String name) {
    return new ExtractOptions(whiteouts, expectedDiffId, restoreOwnership, name);
  }
}
