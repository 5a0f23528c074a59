package dev.stowage.engine.source;

/**
 * The source as given cannot be fetched: a bad URL or revision, a missing context directory, a
 * hostile path. The user can fix it (exit code 2).
 */
public final class InvalidSourceException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidSourceException(String message) {
    super(OneLine.of(message));
  }

  public InvalidSourceException(String message, Throwable cause) {
    super(OneLine.of(message), cause);
  }
}
