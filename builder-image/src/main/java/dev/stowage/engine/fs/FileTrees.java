package dev.stowage.engine.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.LoggerFactory;

/**
 * Deletes file trees without ever following a symlink out of them: a symlink is removed, not the
 * tree it points to.
 */
public final class FileTrees {

  private FileTrees() {}

  /** Deletes {@code path} and, if it is a directory, everything below it; absent is fine. */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    walkDeleting(path, true);
  }

  /**
   * Deletes everything below directory {@code dir}, keeping {@code dir}; not a directory: no-op.
   */
  public static void deleteContents(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      walkDeleting(dir, false);
    }
  }

  /** {@link #delete}, logging instead of throwing: for scratch directories on the way out. */
  public static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      delete(path);
    } catch (IOException e) {
      LoggerFactory.getLogger(FileTrees.class).warn("could not remove {}: {}", path, e.toString());
    }
  }

  /** True when {@code dir} is a directory with no entries. */
  public static boolean isEmptyDirectory(Path dir) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      return !children.iterator().hasNext();
    }
  }

  private static void walkDeleting(Path root, boolean includingRoot) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            deleteIfPresent(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (includingRoot || !dir.equals(root)) {
              deleteIfPresent(dir);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteIfPresent(Path path) throws IOException {
    try {
      Files.delete(path);
    } catch (NoSuchFileException gone) {
      // removed meanwhile: what we wanted
    }
  }
}
