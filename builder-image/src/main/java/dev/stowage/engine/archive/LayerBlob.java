package dev.stowage.engine.archive;

import dev.stowage.engine.image.Digest;
import java.util.Objects;

/**
 * A written layer: DiffID (sha256 of the uncompressed tar), the blob's digest and size as stored or
 * pushed, the uncompressed size, and the OCI media type.
 */
public record LayerBlob(
    Digest diffId, Digest digest, long size, long uncompressedSize, String mediaType) {

  public LayerBlob {
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    if (size < 0 || uncompressedSize < 0) {
      throw new IllegalArgumentException("negative layer size");
    }
  }
}
