package dev.stowage.engine.isolation;

import java.time.Duration;

/** How a RUN process ended: its exit code (128 + signal when killed) and how long it took. */
public record RunResult(int exitCode, Duration duration) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
