package dev.stowage.engine.storage;

import java.nio.file.Path;

/** A containers/storage store could not be read or written; the message names the store. */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  static StorageException io(String action, Path where, Throwable cause) {
    return new StorageException(
        action
            + " "
            + where
            + " failed: "
            + cause.getMessage()
            + " (check the path and permissions)",
        cause);
  }
}
