package dev.stowage.engine.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the real podman (or buildah) against a private graph root and run root, with a private
 * storage.conf (overlay driver, optional additional image stores) and a private containers.conf:
 * runc, cgroupfs, file events, explicit ulimits — independent of /etc.
 */
final class Podman {

  final Path root;
  final Path runRoot;
  private final Path conf;
  private final Path storageConf;

  Podman(Path dir) throws IOException, InterruptedException {
    this(dir, List.of());
  }

  /** A podman whose storage.conf lists {@code additionalStores} as additional image stores. */
  Podman(Path dir, List<Path> additionalStores) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    this.root = dir.resolve("root");
    this.runRoot = dir.resolve("run");
    this.conf = dir.resolve("containers.conf");
    this.storageConf = dir.resolve("storage.conf");
    // podman raises these limits for root unless told, and runc here may only lower them
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
    Files.writeString(storageConf, new StorageConf(root, runRoot, additionalStores).toToml());
  }

  /** {@code podman ARGS} on this fixture's store; returns stdout. */
  String podman(String... args) throws IOException, InterruptedException {
    return new String(TestLayers.run(null, env(), command("podman", args)), StandardCharsets.UTF_8);
  }

  /** The same for buildah. */
  String buildah(String... args) throws IOException, InterruptedException {
    return new String(
        TestLayers.run(null, env(), command("buildah", args)), StandardCharsets.UTF_8);
  }

  /** Starts podman without waiting (for lock tests). */
  Process start(String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command("podman", args));
    for (String pair : env()) {
      int eq = pair.indexOf('=');
      builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return builder.redirectErrorStream(true).start();
  }

  List<String> env() {
    return List.of(
        "CONTAINERS_CONF=" + conf,
        "CONTAINERS_STORAGE_CONF=" + storageConf,
        "BUILDAH_ISOLATION=chroot");
  }

  private String[] command(String tool, String... args) {
    // root, run root and driver come from storage.conf only: podman drops the configured
    // additional image stores when --root, --runroot or --storage-driver are given
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
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

  /** The busybox-static binary (Debian's package puts it in /bin and /usr/bin). */
  static Path busybox() {
    for (String candidate : List.of("/usr/bin/busybox", "/bin/busybox")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException(
        "busybox-static is not installed (apt-get install busybox-static)");
  }
}
