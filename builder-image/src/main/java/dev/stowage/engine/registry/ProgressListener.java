package dev.stowage.engine.registry;

/** Receives how far a blob transfer is; called from the transferring thread. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> {};

  /**
   * @param done bytes transferred so far (restarts when a retry restarts the transfer)
   * @param total the blob's size, or -1 when unknown
   */
  void onProgress(long done, long total);
}
