package dev.stowage.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/** Writes a file through a synced temp file and an atomic rename, so readers never see half. */
final class AtomicFiles {

  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  /** Makes a rename durable: Linux lets a directory opened read-only be fsynced. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems refuse fsync on directories; the rename itself is still atomic
    }
  }

  static void write(Path target, byte[] content, Set<PosixFilePermission> mode) {
    Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(mode))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // the umask may have narrowed the create mode
      Files.setPosixFilePermissions(temp, mode);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StorageException("cannot rename atomically into " + target, e);
      }
      syncDirectory(target.getParent());
    } catch (IOException e) {
      throw StorageException.io("writing", target, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the rename succeeded or the write failed already; a stray temp file is harmless
      }
    }
  }
}
