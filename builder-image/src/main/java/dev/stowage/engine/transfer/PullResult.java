package dev.stowage.engine.transfer;

import dev.stowage.engine.image.Digest;
import java.util.Optional;

/**
 * The outcome of a pull: the reference as normalised, the local image id, the manifest digest when
 * known, whether anything was downloaded, and the store that holds the image.
 */
public record PullResult(
    String reference,
    String imageId,
    Optional<Digest> manifestDigest,
    boolean downloaded,
    String store) {}
