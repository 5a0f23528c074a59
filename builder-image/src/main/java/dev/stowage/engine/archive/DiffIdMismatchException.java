package dev.stowage.engine.archive;

import dev.stowage.engine.image.Digest;

/** The uncompressed layer does not hash to the DiffID the image config promised. */
public final class DiffIdMismatchException extends ArchiveFormatException {

  public DiffIdMismatchException(Digest expected, Digest actual) {
    super(
        "layer DiffID mismatch: expected "
            + expected
            + " but the uncompressed tar hashes to "
            + actual
            + " (corrupt or tampered blob; nothing was extracted)");
  }
}
