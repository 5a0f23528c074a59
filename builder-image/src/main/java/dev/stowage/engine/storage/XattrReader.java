package dev.stowage.engine.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads one extended attribute of a path without following symlinks. {@code trusted.*} names need
 * native calls ({@code lgetxattr} with CAP_SYS_ADMIN); the fs package provides that implementation.
 */
@FunctionalInterface
public interface XattrReader {

  /** The attribute's value, or empty when the path does not carry it. */
  Optional<byte[]> get(Path path, String name) throws IOException;
}
