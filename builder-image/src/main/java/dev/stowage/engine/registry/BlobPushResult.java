package dev.stowage.engine.registry;

/** How a blob reached the repository. */
public enum BlobPushResult {
  /** The repository already had it (HEAD found it); nothing was sent. */
  ALREADY_PRESENT,
  /** Linked from another repository of the registry; nothing was sent. */
  MOUNTED,
  /** Uploaded. */
  UPLOADED
}
