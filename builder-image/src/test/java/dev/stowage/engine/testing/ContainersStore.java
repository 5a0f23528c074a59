package dev.stowage.engine.testing;

import dev.stowage.engine.storage.StorageConf;
import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private containers/storage store (overlay driver) for the real buildah, podman and skopeo: its
 * own graph root, run root, storage.conf and containers.conf (runc, cgroupfs, file events, explicit
 * ulimits), independent of {@code /etc}. Needs root.
 */
public final class ContainersStore implements AutoCloseable {

  private final Path root;
  private final Path runRoot;
  private final Path conf;
  private final Path storageConf;

  private final boolean hasAdditionalStores;

  private ContainersStore(
      Path root, Path runRoot, Path conf, Path storageConf, boolean hasAdditionalStores) {
    this.root = root;
    this.runRoot = runRoot;
    this.conf = conf;
    this.storageConf = storageConf;
    this.hasAdditionalStores = hasAdditionalStores;
  }

  /** Creates the store's directories and configuration files under {@code dir}. */
  public static ContainersStore create(Path dir) throws IOException {
    return create(dir, dir.resolve("root"), List.of());
  }

  /**
   * A store whose graph root is {@code graphRoot} (e.g. one stowage wrote) with read-only {@code
   * additionalStores}, configured under {@code dir}.
   */
  public static ContainersStore create(Path dir, Path graphRoot, List<Path> additionalStores)
      throws IOException {
    Files.createDirectories(dir);
    Path root = graphRoot;
    Path runRoot = dir.resolve("run");
    Path conf = dir.resolve("containers.conf");
    Path storageConf = dir.resolve("storage.conf");
    // podman raises these limits for root unless told, and runc here may only lower them
    long nofile = Math.min(1024, hardLimit("Max open files"));
    long nproc = Math.min(4096, hardLimit("Max processes"));
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
    Files.writeString(storageConf, new StorageConf(root, runRoot, additionalStores).toToml());
    return new ContainersStore(root, runRoot, conf, storageConf, !additionalStores.isEmpty());
  }

  /** The graph root. */
  public Path root() {
    return root;
  }

  /** The run root. */
  public Path runRoot() {
    return runRoot;
  }

  /** The store opened read-only for listings (an empty primary store of ours next to it). */
  public StoreSet open() {
    return StoreSet.open(root.resolveSibling("stowage-reader"), List.of(root));
  }

  /** {@code buildah --root … --runroot … --storage-driver overlay ARGS}; returns stdout. */
  public String buildah(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "buildah",
                "--root",
                root.toString(),
                "--runroot",
                runRoot.toString(),
                "--storage-driver",
                "overlay"));
    command.addAll(List.of(args));
    return ExternalCommand.of(command, env()).run();
  }

  /**
   * {@code podman --root … --runroot … ARGS}; returns stdout. With additional stores the flags are
   * left out: podman drops {@code additionalimagestores} of storage.conf when they are given.
   */
  public String podman(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            hasAdditionalStores
                ? List.of("podman")
                : List.of(
                    "podman",
                    "--root",
                    root.toString(),
                    "--runroot",
                    runRoot.toString(),
                    "--storage-driver",
                    "overlay"));
    command.addAll(List.of(args));
    return ExternalCommand.of(command, env()).run();
  }

  /** Copies an image into this store with skopeo, e.g. from {@code oci:DIR:TAG}. */
  public void skopeoCopyIn(String source, String name) throws IOException, InterruptedException {
    ExternalCommand.of(
            List.of(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--quiet",
                source,
                "containers-storage:[overlay@" + root + "+" + runRoot + "]" + name),
            env())
        .run();
    // skopeo does not shut its store down: the driver's private bind mount of overlay/ stays
    unmountAll();
  }

  /** Unmounts whatever is still mounted below the store (so the directory can be deleted). */
  public void unmountAll() throws IOException, InterruptedException {
    ScratchDirectory.unmountBelow(root);
    ScratchDirectory.unmountBelow(runRoot);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    unmountAll();
  }

  /** The environment that points the tools at this store's configuration. */
  public Map<String, String> env() {
    return Map.of(
        "CONTAINERS_CONF", conf.toString(),
        "CONTAINERS_STORAGE_CONF", storageConf.toString(),
        "BUILDAH_ISOLATION", "chroot");
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
