package dev.stowage.engine.registry;

import java.io.IOException;
import java.io.OutputStream;

/** Produces a blob into an upload, returning what it knows about it once written (its digest). */
@FunctionalInterface
public interface StreamedBlobWriter<T> {
  T writeTo(OutputStream blob) throws IOException;
}
