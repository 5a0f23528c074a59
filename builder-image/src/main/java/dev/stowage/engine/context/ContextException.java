package dev.stowage.engine.context;

/** The build context cannot provide what was asked: a missing or escaping source, a bad pattern. */
public final class ContextException extends Exception {

  public ContextException(String message) {
    super(message);
  }

  public ContextException(String message, Throwable cause) {
    super(message, cause);
  }
}
