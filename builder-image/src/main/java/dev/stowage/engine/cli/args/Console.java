package dev.stowage.engine.cli.args;

import java.io.PrintWriter;

/** Where a command prints: progress and results to {@code out}, errors to {@code err}. */
public record Console(PrintWriter out, PrintWriter err) {

  /** The process's standard output and error. */
  public static Console system() {
    return new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }
}
