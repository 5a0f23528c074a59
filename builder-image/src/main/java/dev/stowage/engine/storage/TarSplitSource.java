package dev.stowage.engine.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The tar-split description of a layer's tar stream (uncompressed JSON lines, see {@link
 * TarSplitWriter}); the store gzips it into {@code overlay-layers/<id>.tar-split.gz}.
 */
@FunctionalInterface
public interface TarSplitSource {

  /** Writes the uncompressed JSON lines to {@code out}. */
  void writeTo(OutputStream out) throws IOException;

  /** A source over JSON lines already in memory. */
  static TarSplitSource of(byte[] jsonLines) {
    byte[] copy = jsonLines.clone();
    return out -> out.write(copy);
  }
}
