package dev.stowage.engine.image;

/** An image reference that cannot be parsed; the message says which part is wrong. */
public class InvalidReferenceException extends IllegalArgumentException {

  public InvalidReferenceException(String message) {
    super(message);
  }

  public InvalidReferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
