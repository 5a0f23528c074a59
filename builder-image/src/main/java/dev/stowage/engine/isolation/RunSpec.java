package dev.stowage.engine.isolation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One RUN process: the root it is chrooted into, its argv, environment, working directory, ids,
 * umask and optional hostname (for {@code HOSTNAME}; chroot isolation has no UTS namespace).
 *
 * @param rootfs absolute host path of the root file system
 * @param argv the command; {@code argv[0]} is looked up in the image's {@code PATH} unless it holds
 *     a slash
 * @param env {@code KEY=value} entries, passed to the process exactly
 * @param workdir absolute path inside the root; it must already exist
 * @param uid user id the process runs as
 * @param gid primary group id
 * @param groups supplementary group ids
 * @param umask file mode creation mask, 0 to 0777
 * @param hostname container hostname, or null
 * @param mounts the mount points ({@code dev}, {@code proc}, {@code sys}) the launcher mounts in a
 *     mount namespace of the RUN's own before the chroot; empty when the engine cannot mount
 * @param capabilities the capabilities the RUN may keep, as a bit mask ({@link #ALL_BUT_CHROOT}
 *     keeps whatever the engine holds but {@code CAP_SYS_CHROOT}); {@code CAP_SYS_CHROOT} is never
 *     kept
 */
public record RunSpec(
    Path rootfs,
    List<String> argv,
    List<String> env,
    String workdir,
    int uid,
    int gid,
    List<Integer> groups,
    int umask,
    String hostname,
    List<String> mounts,
    long capabilities) {

  /** {@link #capabilities} that only takes away {@code CAP_SYS_CHROOT}. */
  public static final long ALL_BUT_CHROOT = -1L;

  /** What may be mounted for a RUN, in the order the launcher mounts them. */
  public static final List<String> MOUNT_POINTS = List.of("proc", "sys", "dev");

  /** The PATH buildah and podman use when the image sets none. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** The umask RUN steps get unless the executor says otherwise (as buildah). */
  public static final int DEFAULT_UMASK = 0022;

  public RunSpec {
    if (rootfs == null || !rootfs.isAbsolute()) {
      throw new IllegalArgumentException("rootfs must be an absolute path, got " + rootfs);
    }
    if (argv == null || argv.isEmpty() || argv.getFirst().isEmpty()) {
      throw new IllegalArgumentException("RUN needs a command; argv is empty");
    }
    argv = List.copyOf(argv);
    env = List.copyOf(env == null ? List.of() : env);
    for (String entry : env) {
      if (entry.indexOf('=') <= 0) {
        throw new IllegalArgumentException("environment entry must be KEY=value, got: " + entry);
      }
    }
    for (String s : argv) {
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("argv may not contain NUL characters");
      }
    }
    if (workdir == null || !workdir.startsWith("/")) {
      throw new IllegalArgumentException(
          "workdir must be absolute inside the root, got " + workdir);
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must be >= 0, got " + uid + ":" + gid);
    }
    groups = List.copyOf(groups == null ? List.of() : groups);
    for (int g : groups) {
      if (g < 0) {
        throw new IllegalArgumentException("supplementary gid must be >= 0, got " + g);
      }
    }
    if (umask < 0 || umask > 0777) {
      throw new IllegalArgumentException("umask must be between 0 and 0777, got " + umask);
    }
    if (hostname != null && hostname.isBlank()) {
      hostname = null;
    }
    mounts = mounts == null ? List.of() : MOUNT_POINTS.stream().filter(mounts::contains).toList();
    capabilities &= ~(1L << 18); // CAP_SYS_CHROOT: no RUN may chroot back out
  }

  /** A spec for root in {@code /} with no environment; refine with the {@code with…} methods. */
  public static RunSpec of(Path rootfs, List<String> argv) {
    return new RunSpec(
        rootfs,
        argv,
        List.of(),
        "/",
        0,
        0,
        List.of(),
        DEFAULT_UMASK,
        null,
        List.of(),
        ALL_BUT_CHROOT);
  }

  public RunSpec withEnv(List<String> newEnv) {
    return new RunSpec(
        rootfs, argv, newEnv, workdir, uid, gid, groups, umask, hostname, mounts, capabilities);
  }

  public RunSpec withWorkdir(String newWorkdir) {
    return new RunSpec(
        rootfs, argv, env, newWorkdir, uid, gid, groups, umask, hostname, mounts, capabilities);
  }

  public RunSpec withUser(ResolvedUser user) {
    return new RunSpec(
        rootfs,
        argv,
        env,
        workdir,
        user.uid(),
        user.gid(),
        user.groups(),
        umask,
        hostname,
        mounts,
        capabilities);
  }

  public RunSpec withUmask(int newUmask) {
    return new RunSpec(
        rootfs, argv, env, workdir, uid, gid, groups, newUmask, hostname, mounts, capabilities);
  }

  public RunSpec withHostname(String newHostname) {
    return new RunSpec(
        rootfs, argv, env, workdir, uid, gid, groups, umask, newHostname, mounts, capabilities);
  }

  /** The RUN gets {@code newMounts} (of {@link #MOUNT_POINTS}) mounted in its own namespace. */
  public RunSpec withMounts(java.util.Collection<String> newMounts) {
    return new RunSpec(
        rootfs,
        argv,
        env,
        workdir,
        uid,
        gid,
        groups,
        umask,
        hostname,
        List.copyOf(newMounts),
        capabilities);
  }

  /** The RUN keeps at most {@code mask} of the engine's capabilities. */
  public RunSpec withCapabilities(long mask) {
    return new RunSpec(rootfs, argv, env, workdir, uid, gid, groups, umask, hostname, mounts, mask);
  }

  public Optional<String> hostnameIfSet() {
    return Optional.ofNullable(hostname);
  }

  /** The value of {@code key} in {@link #env()}, the last entry winning. */
  public Optional<String> envValue(String key) {
    String prefix = key + "=";
    String found = null;
    for (String entry : env) {
      if (entry.startsWith(prefix)) {
        found = entry.substring(prefix.length());
      }
    }
    return Optional.ofNullable(found);
  }

  /** The environment the process gets: {@link #env()} plus {@code HOSTNAME} when it lacks one. */
  List<String> processEnv() {
    if (hostname == null || envValue("HOSTNAME").isPresent()) {
      return env;
    }
    List<String> all = new ArrayList<>(env);
    all.add("HOSTNAME=" + hostname);
    return all;
  }

  /** The directories searched for {@code argv[0]}. */
  List<String> searchPath() {
    String path = envValue("PATH").orElse(DEFAULT_PATH);
    List<String> dirs = new ArrayList<>();
    for (String dir : path.split(":", -1)) {
      dirs.add(dir.isEmpty() ? "." : dir);
    }
    return dirs;
  }
}
