package dev.stowage.engine.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One RUN step for a {@link StepRunner}: the root file system, the process arguments, its
 * environment, the user as the image names it ({@code USER} value, resolved by the runner against
 * the root file system), the working directory (already created), and the mount points the runner
 * mounts {@code /proc}, {@code /sys} and {@code /dev} on (empty where the engine cannot mount).
 */
public record RunRequest(
    Path rootfs,
    List<String> argv,
    Map<String, String> environment,
    String user,
    String workdir,
    Set<String> mounts) {

  /** A request whose RUN gets no mounts. */
  public RunRequest(
      Path rootfs,
      List<String> argv,
      Map<String, String> environment,
      String user,
      String workdir) {
    this(rootfs, argv, environment, user, workdir, Set.of());
  }

  public RunRequest {
    Objects.requireNonNull(rootfs, "rootfs");
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("RUN needs a command");
    }
    environment = Map.copyOf(environment);
    user = user == null || user.isEmpty() ? "root" : user;
    workdir = workdir == null || workdir.isEmpty() ? "/" : workdir;
    mounts = Set.copyOf(mounts);
  }

  /** The environment as {@code K=V} strings, sorted. */
  public List<String> environmentList() {
    return environment.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .sorted()
        .toList();
  }
}
