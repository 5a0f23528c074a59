package dev.stowage.engine.driver;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Mounts;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fuse-overlayfs, the mount program for a user namespace with {@code /dev/fuse} (no SYS_ADMIN in
 * the pod). It runs in the foreground as a child of the engine, so unmounting and then waiting for
 * it guarantees that every write has reached the upper directory.
 */
record FuseOverlayfs(Path binary) implements MountProgram {

  private static final long MOUNT_TIMEOUT_MS = 10_000;

  /** The {@code fuse-overlayfs} on {@code PATH}, if any. */
  static java.util.Optional<FuseOverlayfs> onPath(String path) {
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "fuse-overlayfs");
      if (Files.isExecutable(candidate)) {
        return java.util.Optional.of(new FuseOverlayfs(candidate));
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String name() {
    return "fuse-overlayfs";
  }

  @Override
  public boolean seesOpaque(Path dir) throws IOException {
    if (Files.exists(dir.resolve(".wh..wh..opq"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    for (String name :
        List.of("trusted.overlay.opaque", "user.overlay.opaque", "user.fuseoverlayfs.opaque")) {
      byte[] v = Xattrs.get(dir, name);
      if (v != null && v.length == 1 && v[0] == 'y') {
        return true;
      }
    }
    return false;
  }

  @Override
  public void markOpaque(Path dir) throws IOException {
    Xattrs.set(dir, "user.overlay.opaque", new byte[] {'y'});
  }

  @Override
  public Mounted mount(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("-f");
    command.add("-o");
    command.add(Mounts.overlayOptions(lowers, upper, work, List.of()));
    command.add(target.toString());
    Path log = Files.createTempFile("stowage-fuse-overlayfs-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitMounted(process, target, log);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      Files.deleteIfExists(log);
      throw e;
    }
    return () -> {
      try {
        Mounts.unmount(target, 0);
        if (!process.waitFor(MOUNT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IOException("fuse-overlayfs on " + target + " did not exit after unmounting");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IOException("interrupted while unmounting " + target, e);
      } finally {
        Files.deleteIfExists(log);
      }
    };
  }

  /** Waits until {@code target} is a mount of its own (another device than its parent). */
  private static void awaitMounted(Process process, Path target, Path log) throws IOException {
    FileStat parent = Posix.lstat(target.toAbsolutePath().getParent());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOUNT_TIMEOUT_MS);
    long pause = 1;
    while (System.nanoTime() < deadline) {
      if (Posix.lstat(target).dev() != parent.dev()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException(
            "fuse-overlayfs could not mount "
                + target
                + " (exit code "
                + process.exitValue()
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8).strip());
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while mounting " + target, e);
      }
      pause = Math.min(pause * 2, 20);
    }
    throw new IOException("fuse-overlayfs did not mount " + target + " within 10 s");
  }
}
