package dev.stowage.engine.transfer;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.registry.ProgressListener;

/** Reports a blob transfer at most every few seconds, so long copies show life but no flood. */
final class BlobProgress implements ProgressListener {

  private static final long INTERVAL_NANOS = 3_000_000_000L;

  private final TransferLog log;
  private final String label;
  private long lastReport = System.nanoTime();

  BlobProgress(TransferLog log, Digest digest) {
    this(log, "Copying blob " + TransferLog.shortDigest(digest));
  }

  /** For a blob known by {@code label} only (its digest is known when it is written). */
  BlobProgress(TransferLog log, String label) {
    this.log = log;
    this.label = label;
  }

  @Override
  public void onProgress(long done, long total) {
    long now = System.nanoTime();
    if (now - lastReport >= INTERVAL_NANOS && (done < total || total < 0)) {
      lastReport = now;
      log.line(
          label
              + " "
              + TransferLog.bytes(done)
              + (total < 0 ? "" : "/" + TransferLog.bytes(total)));
    }
  }
}
