package dev.stowage.engine.isolation;

/** Receives a RUN step's output one line at a time, never from two threads at once. */
@FunctionalInterface
public interface OutputSink {

  /** Which of the process's streams a line came from. */
  enum Stream {
    STDOUT,
    STDERR
  }

  void line(Stream stream, String line);
}
