package dev.stowage.engine.build;

import java.io.OutputStream;

/** Runs the command of a RUN step inside a root file system (chroot isolation in production). */
@FunctionalInterface
public interface StepRunner {

  /**
   * Runs the request to completion, streaming stdout and stderr to {@code output}.
   *
   * @return the process exit code
   * @throws BuildException of kind ENVIRONMENT when the process cannot be started at all
   */
  int run(RunRequest request, OutputStream output) throws BuildException, InterruptedException;
}
