package dev.stowage.engine.transfer;

import dev.stowage.engine.storage.StorageConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman and buildah on a given graph root (ours, or their own) with a private storage.conf and
 * containers.conf (runc, cgroupfs, file events, explicit ulimits), independent of /etc.
 */
final class PodmanStore implements AutoCloseable {

  final Path root;
  final Path runRoot;
  private final Path conf;
  private final Path storageConf;

  PodmanStore(Path root, Path dir) throws IOException {
    Files.createDirectories(dir);
    this.root = root;
    this.runRoot = dir.resolve("run");
    this.conf = dir.resolve("containers.conf");
    this.storageConf = dir.resolve("storage.conf");
    long nofile = Math.min(1024, hardLimit("Max open files"));
    long nproc = Math.min(1024, hardLimit("Max processes"));
    Files.writeString(
        conf,
        """
        [containers]
        default_ulimits = ["nofile=%d:%d", "nproc=%d:%d"]
        [engine]
        runtime = "runc"
        cgroup_manager = "cgroupfs"
        events_logger = "file"
        """
            .formatted(nofile, nofile, nproc, nproc));
    Files.writeString(storageConf, new StorageConf(root, runRoot, List.of()).toToml());
  }

  String podman(String... args) throws IOException, InterruptedException {
    return tool("podman", args);
  }

  String buildah(String... args) throws IOException, InterruptedException {
    return tool("buildah", args);
  }

  /** The containers-storage transport spec of an image in this store, for skopeo. */
  String storageRef(String image) {
    return "containers-storage:[overlay@" + root + "+" + runRoot + "]" + image;
  }

  private String tool(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(args));
    return Tools.run(
        Map.of(
            "CONTAINERS_CONF", conf.toString(),
            "CONTAINERS_STORAGE_CONF", storageConf.toString(),
            "BUILDAH_ISOLATION", "chroot"),
        command);
  }

  /** Unmounts what podman and buildah left mounted below the store (so the temp dir can go). */
  @Override
  public void close() throws IOException, InterruptedException {
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mountPoint = line.split(" ")[4];
      if (mountPoint.startsWith(root.toString()) || mountPoint.startsWith(runRoot.toString())) {
        mounts.add(mountPoint);
      }
    }
    mounts.sort(java.util.Comparator.reverseOrder());
    for (String mount : mounts) {
      new ProcessBuilder("umount", "-l", mount).inheritIO().start().waitFor();
    }
  }

  private static long hardLimit(String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith(name)) {
        String hard = line.substring(name.length()).trim().split("\\s+")[1];
        return hard.equals("unlimited") ? 1_048_576 : Long.parseLong(hard);
      }
    }
    throw new IllegalStateException("no " + name + " in /proc/self/limits");
  }
}
