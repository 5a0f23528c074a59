package dev.stowage.engine.cli.args;

/** Arguments that do not fit a command's declaration: unknown, missing or malformed. */
public final class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
