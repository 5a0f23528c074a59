package dev.stowage.engine.auth;

import java.nio.file.Path;

/** A registry auth file that cannot be read or used. */
public class AuthConfigException extends RuntimeException {

  private final Path file;

  public AuthConfigException(Path file, String message) {
    super(file == null ? message : file + ": " + message);
    this.file = file;
  }

  public AuthConfigException(Path file, String message, Throwable cause) {
    super(file == null ? message : file + ": " + message, cause);
    this.file = file;
  }

  /** The file at fault, or null. */
  public Path file() {
    return file;
  }
}
