package dev.stowage.engine.build;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
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
final class RuntimeFiles {

  private RuntimeFiles() {}

  static void provide(Path rootfs) throws IOException {
    Path etc = rootfs.resolve("etc");
    FileStat st = Posix.lstatIfExists(etc);
    if (st == null || !st.isDirectory()) {
      return;
    }
    String resolv =
        Files.isReadable(Path.of("/etc/resolv.conf"))
            ? Files.readString(Path.of("/etc/resolv.conf"), StandardCharsets.UTF_8)
            : "nameserver 127.0.0.1\n";
    write(rootfs, "etc/resolv.conf", resolv);
    write(rootfs, "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
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
