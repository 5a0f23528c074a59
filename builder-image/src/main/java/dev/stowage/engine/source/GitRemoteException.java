package dev.stowage.engine.source;

/**
 * The git server could not be reached or refused the credentials (exit code 3, like a registry).
 */
public final class GitRemoteException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean authFailure;

  GitRemoteException(String message, boolean authFailure, Throwable cause) {
    super(OneLine.of(message), cause);
    this.authFailure = authFailure;
  }

  /** Whether the server refused the credentials (or demanded some and none were given). */
  public boolean isAuthFailure() {
    return authFailure;
  }
}
