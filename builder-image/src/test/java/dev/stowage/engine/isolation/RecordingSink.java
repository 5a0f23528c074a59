package dev.stowage.engine.isolation;

import java.util.ArrayList;
import java.util.List;

/** Collects a RUN's output lines for assertions. */
final class RecordingSink implements OutputSink {

  final List<String> stdout = new ArrayList<>();
  final List<String> stderr = new ArrayList<>();

  @Override
  public void line(Stream stream, String line) {
    (stream == Stream.STDOUT ? stdout : stderr).add(line);
  }

  String out() {
    return String.join("\n", stdout);
  }

  String err() {
    return String.join("\n", stderr);
  }
}
