package dev.stowage.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A temporary directory for stores and root filesystems: on close it unmounts what tools left
 * mounted below it and removes it with {@code rm -rf} (JUnit's {@code @TempDir} refuses busy mounts
 * and warns about every absolute symlink of a Debian rootfs).
 */
public final class ScratchDirectory implements AutoCloseable {

  private final Path path;

  private ScratchDirectory(Path path) {
    this.path = path;
  }

  /** A fresh directory under {@code java.io.tmpdir}. */
  public static ScratchDirectory create(String prefix) throws IOException {
    return new ScratchDirectory(Files.createTempDirectory(prefix));
  }

  public Path path() {
    return path;
  }

  /** {@code path().resolve(name)}. */
  public Path resolve(String name) {
    return path.resolve(name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    unmountBelow(path);
    ExternalCommand.of(List.of("rm", "-rf", "--one-file-system", path.toString()), Map.of()).run();
  }

  /** Unmounts every mount point below {@code dir}, deepest first. */
  static void unmountBelow(Path dir) throws IOException, InterruptedException {
    String prefix = dir.toAbsolutePath() + "/";
    List<String> mounted = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String mountPoint = line.split(" ")[1].replace("\\040", " ");
      if (mountPoint.startsWith(prefix)) {
        mounted.add(mountPoint);
      }
    }
    for (String mountPoint : mounted.reversed()) {
      ExternalCommand.of(List.of("umount", mountPoint), Map.of()).run();
    }
  }
}
