package dev.stowage.engine.containerfile.shell;

/** A word the shell lexer cannot expand: unbalanced quotes, bad substitution, a required value. */
public final class ExpansionException extends Exception {

  public ExpansionException(String message) {
    super(message);
  }
}
