package dev.stowage.engine.archive;

import java.io.IOException;

/** A layer that is not a well-formed tar stream (bad checksum, unsupported entry type, ...). */
public class ArchiveFormatException extends IOException {

  public ArchiveFormatException(String message) {
    super(message);
  }
}
