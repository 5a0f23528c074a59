package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.ImageReference;

/**
 * A reference resolved to one platform's manifest: {@code reference} carries the manifest digest;
 * {@code indexDigest} is the digest of the index it was picked from, or null.
 */
public record ResolvedImage(
    ImageReference reference,
    ImageManifest manifest,
    ManifestResponse manifestResponse,
    Digest indexDigest) {

  /** The digest of the platform manifest, as pushed and pulled. */
  public Digest manifestDigest() {
    return manifestResponse.digest();
  }
}
