package dev.stowage.engine.image;

/** Image JSON (manifest, index, config) that does not follow the OCI or Docker format. */
public class ImageFormatException extends IllegalArgumentException {

  public ImageFormatException(String message) {
    super(message);
  }

  public ImageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
