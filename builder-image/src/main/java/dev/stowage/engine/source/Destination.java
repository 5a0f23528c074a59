package dev.stowage.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory a source is written to. Writes never follow a symbolic link and never replace an
 * entry, so nothing lands outside it; {@link #checkWritable} lets callers refuse a whole source
 * before writing any of it.
 */
public final class Destination {

  private static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path root;

  private Destination(Path root) {
    this.root = root;
  }

  /**
   * {@code dir}, created when missing.
   *
   * @throws IOException when it cannot be created or is not a directory (an environment problem)
   */
  public static Destination prepare(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (FileSystemException e) {
      throw new FileSystemException(
          absolute.toString(), null, "cannot create the destination: " + reason(e));
    }
    if (!Files.isDirectory(absolute)) {
      throw new NotDirectoryException(absolute.toString());
    }
    return new Destination(absolute);
  }

  /** {@link #prepare}, and it must be empty (a clone needs a directory of its own). */
  public static Destination prepareEmpty(Path dir) throws IOException {
    Destination destination = prepare(dir);
    try (Stream<Path> entries = Files.list(destination.root)) {
      if (entries.findAny().isPresent()) {
        throw new FileSystemException(
            destination.root.toString(), null, "the destination is not empty");
      }
    }
    return destination;
  }

  public Path root() {
    return root;
  }

  /**
   * Refuses {@code path} if writing it would pass through a symbolic link or a file, or replace
   * what is already there.
   */
  public void checkWritable(RelativePath path, String what) throws InvalidSourceException {
    Path current = root;
    for (int i = 0; i < path.names().size(); i++) {
      current = current.resolve(path.names().get(i));
      boolean last = i == path.names().size() - 1;
      if (Files.isSymbolicLink(current)) {
        throw new InvalidSourceException(
            what + " '" + path + "' would be written through the symbolic link " + current);
      }
      if (last && Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidSourceException(what + " '" + path + "' already exists at " + current);
      }
      if (!last
          && Files.exists(current, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidSourceException(
            what + " '" + path + "' needs a directory where the file " + current + " is");
      }
    }
  }

  /** Writes {@code content} to a new file at {@code path} with {@code mode}, making directories. */
  public void write(RelativePath path, InputStream content, Set<PosixFilePermission> mode)
      throws IOException {
    if (path.isRoot()) {
      throw new IllegalArgumentException("cannot write a file at the destination root");
    }
    Path parent = root;
    for (String name : path.names().subList(0, path.names().size() - 1)) {
      parent = parent.resolve(name);
      if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        // createDirectory fails on any existing entry, a symbolic link included.
        Files.createDirectory(parent, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        Files.setPosixFilePermissions(parent, DIRECTORY_MODE);
      }
    }
    Path file = parent.resolve(path.names().getLast());
    // CREATE_NEW is O_EXCL: it neither follows nor replaces an existing link or file.
    try (OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      content.transferTo(out);
    }
    Files.setPosixFilePermissions(file, mode);
  }

  private static String reason(FileSystemException e) {
    return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
  }
}
