package dev.stowage.engine.archive;

import dev.stowage.engine.image.Digest;

/**
 * What an extraction read: the DiffID and size of the uncompressed tar, the digest and size of the
 * blob as given, its compression, and the number of entries.
 */
public record ExtractResult(
    Digest diffId,
    long uncompressedSize,
    Digest digest,
    long size,
    Compression compression,
    long entries) {}
