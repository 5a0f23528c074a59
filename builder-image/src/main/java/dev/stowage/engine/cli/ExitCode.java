package dev.stowage.engine.cli;

/** Process exit codes of the builder pod contract; the operator maps them to typed reasons. */
public enum ExitCode {
  /** Success. */
  OK(0),
  /** Unexpected failure inside the engine. */
  INTERNAL(1),
  /** The user's input is wrong: Containerfile, context, arguments, a failing RUN step. */
  USER_ERROR(2),
  /** A registry refused or failed: network, auth, missing image. */
  REGISTRY(3),
  /** The environment refused: missing device, no permission, no space. */
  ENVIRONMENT(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The numeric process exit code. */
  public int code() {
    return code;
  }
}
