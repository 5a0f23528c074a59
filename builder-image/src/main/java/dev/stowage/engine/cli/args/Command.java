package dev.stowage.engine.cli.args;

/**
 * A command of the command line: it declares its options, bound to its own fields, and runs with
 * what was parsed into them.
 */
public interface Command {

  /** The command's name, options and arguments; asked once per instance, before parsing. */
  CommandSpec spec();

  /** Runs the command after a successful parse; returns the process exit code. */
  int call(Console console);

  /**
   * Told of arguments that did not parse, after every option that did parse has been set (so a
   * {@code --result-file} given anywhere is known); the runner prints the message and exits 2.
   */
  default void argumentsRefused(String message) {}
}
