package dev.stowage.engine.transfer;

import dev.stowage.engine.registry.StreamedBlobWriter;
import java.util.Optional;

/**
 * Sends a layer blob to the destination as it is written, so compressing and uploading overlap and
 * no scratch file is written; or declines, and the blob goes to a file first.
 */
interface LayerStream {

  /** Never streams: every blob is written to a file (archives, exports). */
  LayerStream NONE = (label, writer) -> Optional.empty();

  /**
   * The writer's result once the destination holds the blob; empty when this stream declines or the
   * upload failed (it says so), and the caller writes the blob to a file instead.
   *
   * @param label what the progress lines call the blob (its digest is not known yet)
   */
  Optional<BlobFileWriter.Written> send(
      String label, StreamedBlobWriter<BlobFileWriter.Written> writer);
}
