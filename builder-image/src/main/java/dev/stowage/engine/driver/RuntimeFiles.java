package dev.stowage.engine.driver;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileType;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.PosixException;
import dev.stowage.engine.fs.SafePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives RUN steps an {@code /etc/hosts} and {@code /etc/resolv.conf} (the host's resolver, a
 * localhost hosts file). The snapshots and layers leave these paths out, so they never reach an
 * image; a symlink the image has there is replaced in the working root, never written through.
 */
public final class RuntimeFiles {

  private RuntimeFiles() {}

  /** The files and the basic {@code /dev} nodes of a root that gets no mounts (native driver). */
  public static void provide(Path rootfs) throws IOException {
    if (provideFiles(rootfs)) {
      devices(rootfs);
    }
  }

  /**
   * The files, and the directories {@code /proc}, {@code /sys} and {@code /dev} where the image
   * lacks them, for a RUN that gets them mounted (overlay driver). Returns the mount points that
   * are plain directories; the launcher mounts on nothing else (a symlink there could lead a mount
   * astray).
   */
  static java.util.Set<String> provideForMounts(Path rootfs) throws IOException {
    provideFiles(rootfs);
    java.util.Set<String> points = new java.util.TreeSet<>();
    for (String name : java.util.List.of("dev", "proc", "sys")) {
      Path dir = rootfs.resolve(name);
      FileStat st = Posix.lstatIfExists(dir);
      if (st == null) {
        Files.createDirectory(dir);
        Posix.chmod(dir, name.equals("proc") ? 0555 : 0755);
        st = Posix.lstat(dir);
      }
      if (st.isDirectory()) {
        points.add(name);
      }
    }
    return points;
  }

  /** {@code /etc/hosts} and {@code /etc/resolv.conf}; false when the image has no {@code /etc}. */
  private static boolean provideFiles(Path rootfs) throws IOException {
    Path etc = rootfs.resolve("etc");
    FileStat st = Posix.lstatIfExists(etc);
    if (st == null || !st.isDirectory()) {
      return false;
    }
    String resolv =
        Files.isReadable(Path.of("/etc/resolv.conf"))
            ? Files.readString(Path.of("/etc/resolv.conf"), StandardCharsets.UTF_8)
            : "nameserver 127.0.0.1\n";
    write(rootfs, "etc/resolv.conf", resolv);
    write(rootfs, "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
    return true;
  }

  /**
   * The basic character devices in {@code /dev} (kept out of layers): made with mknod where the
   * engine may; without CAP_MKNOD, {@code /dev/null} becomes an empty world-writable file emptied
   * before each step, so that {@code > /dev/null} works for any user (apt's sandbox user does it).
   */
  private static void devices(Path rootfs) throws IOException {
    FileStat dev = Posix.lstatIfExists(rootfs.resolve("dev"));
    if (dev == null) {
      // made before the step's snapshot, so it is no change of the step
      Files.createDirectory(rootfs.resolve("dev"));
      Posix.chmod(rootfs.resolve("dev"), 0755);
    } else if (!dev.isDirectory()) {
      return;
    }
    int[][] nodes = {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}};
    String[] names = {"null", "zero", "full", "random", "urandom", "tty"};
    for (int i = 0; i < names.length; i++) {
      Path node = rootfs.resolve("dev").resolve(names[i]);
      FileStat st = Posix.lstatIfExists(node);
      if (st != null && st.type() == FileType.CHAR_DEVICE) {
        continue;
      }
      if (st != null && !st.isRegularFile()) {
        continue;
      }
      if (st != null) {
        Files.delete(node);
      }
      try {
        Posix.mknod(node, FileType.CHAR_DEVICE, 0666, nodes[i][0], nodes[i][1]);
        Posix.chmod(node, 0666);
      } catch (PosixException e) {
        if (names[i].equals("null")) {
          Files.write(node, new byte[0]);
          Posix.chmod(node, 0666);
        }
      }
    }
  }

  private static void write(Path rootfs, String rel, String content) throws IOException {
    Path target = SafePath.resolveParent(rootfs, rel);
    FileStat existing = Posix.lstatIfExists(target);
    if (existing != null && existing.isDirectory()) {
      return;
    }
    if (existing != null && !existing.isRegularFile()) {
      // e.g. resolv.conf -> /run/systemd/resolve/stub-resolv.conf: replaced, never written
      // through; the path is kept out of every layer, so the image keeps its link
      Files.delete(target);
    }
    Files.writeString(target, content, StandardCharsets.UTF_8);
  }
}
