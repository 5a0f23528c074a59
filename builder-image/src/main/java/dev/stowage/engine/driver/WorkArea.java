package dev.stowage.engine.driver;

import dev.stowage.engine.fs.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build's scratch area under the store ({@code stowage-build/<uuid>}). Its build holds an fcntl
 * lock on the area's {@code owner} file while it runs; a killed build leaves its area (and, with
 * the overlay driver, maybe mounts in it), and the next build that can take that lock knows the
 * owner is gone — in whatever pod or PID namespace it ran — and removes the area.
 */
public final class WorkArea {

  static final String OWNER_FILE = "owner";

  /** Areas of stowage versions before owner files: removed once this old. */
  private static final Duration UNOWNED_AGE = Duration.ofDays(1);

  private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();

  private WorkArea() {}

  /** A fresh area in {@code parent}, after clearing the ones dead builds left there. */
  public static Path create(Path parent, PrintStream out) throws IOException {
    Files.createDirectories(parent);
    try (DirectoryStream<Path> areas = Files.newDirectoryStream(parent)) {
      for (Path area : areas) {
        if (Files.isDirectory(area) && abandoned(area)) {
          try {
            remove(area);
            out.println("Removed the work area of an interrupted build: " + area.getFileName());
          } catch (IOException e) {
            out.println(
                "WARN: cannot remove " + area + " left by an interrupted build: " + e.getMessage());
          }
        }
      }
    }
    Path area = Files.createDirectory(parent.resolve(UUID.randomUUID().toString()));
    FileChannel owner =
        FileChannel.open(
            area.resolve(OWNER_FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    owner.lock();
    HELD.put(area, owner);
    return area;
  }

  /** Unmounts whatever is mounted below {@code area}, then deletes it. */
  public static void remove(Path area) throws IOException {
    FileChannel owner = HELD.remove(area);
    if (owner != null) {
      owner.close();
    }
    if (!Files.exists(area)) {
      return;
    }
    MountTable.unmountBelow(area);
    FileTrees.deleteContents(area);
    Files.deleteIfExists(area);
  }

  private static boolean abandoned(Path area) throws IOException {
    if (HELD.containsKey(area)) {
      return false;
    }
    Path owner = area.resolve(OWNER_FILE);
    if (!Files.exists(owner)) {
      return Files.getLastModifiedTime(area).toInstant().isBefore(Instant.now().minus(UNOWNED_AGE));
    }
    try (FileChannel channel = FileChannel.open(owner, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held by another build in this JVM
    }
  }
}
