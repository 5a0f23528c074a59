package dev.stowage.engine.containerfile;

import java.util.Objects;

/** Where an instruction starts in a Containerfile: the file name as the user gave it and a line. */
public record Location(String file, int line) {

  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
