package dev.stowage.engine.isolation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engine again inside a user and mount namespace of its own, where it holds CAP_SYS_ADMIN
 * over its mounts (fuse-overlayfs, the RUN's /proc, /sys and /dev) without holding it on the
 * machine: how a builder pod without SYS_ADMIN gets the overlay driver. The ids are mapped one to
 * one (every id of the engine's namespace is itself inside), so files keep their owners.
 *
 * <p>A JVM cannot unshare its user namespace (it has threads), so util-linux does: {@code unshare}
 * makes the namespaces and holds them (a shell waiting on a pipe from us), this process writes the
 * id maps, and {@code nsenter} joins them and runs the engine. Joining grants the namespace's
 * capabilities without an exec, so the exec that follows keeps them even under {@code no_new_privs}
 * (the pod's {@code allowPrivilegeEscalation: false}), where an exec by a process that had none
 * would not.
 */
public final class UserNamespaces {

  /** Set in the child's environment: it runs in the namespace of its parent engine. */
  public static final String CHILD_ENV = "STOWAGE_USERNS_CHILD";

  /** The capabilities (CapEff, hex) the engine held before entering the namespace. */
  public static final String OUTER_CAPABILITIES_ENV = "STOWAGE_OUTER_CAPS";

  private static final long SETUP_TIMEOUT_MS = 10_000;

  /** How {@link #run} ended: the engine ran in the namespace, or no namespace could be made. */
  public sealed interface Outcome {
    /** The command ran inside; its exit code. */
    record Ran(int exitCode) implements Outcome {}

    /** Nothing ran: why the namespace could not be made or joined. */
    record Refused(String reason) implements Outcome {}
  }

  private final Path unshare;
  private final Path nsenter;

  private UserNamespaces(Path unshare, Path nsenter) {
    this.unshare = unshare;
    this.nsenter = nsenter;
  }

  /** With util-linux's {@code unshare} and {@code nsenter} from {@code PATH}, if both are there. */
  public static Optional<UserNamespaces> find(String path) {
    Optional<Path> u = onPath(path, "unshare");
    Optional<Path> n = onPath(path, "nsenter");
    return u.isPresent() && n.isPresent()
        ? Optional.of(new UserNamespaces(u.get(), n.get()))
        : Optional.empty();
  }

  private static Optional<Path> onPath(String path, String name) {
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** True in the child of {@link #run}. */
  public static boolean inChild(Map<String, String> environment) {
    return "1".equals(environment.get(CHILD_ENV));
  }

  /**
   * Runs {@code command} in a new user and mount namespace with this process's ids mapped to
   * themselves, sharing stdin, stdout and stderr, and waits for it.
   */
  public Outcome run(List<String> command, Map<String, String> extraEnvironment)
      throws InterruptedException {
    Process holder;
    try {
      holder =
          new ProcessBuilder(
                  unshare.toString(),
                  "--user",
                  "--mount",
                  "--propagation",
                  "private",
                  "--",
                  "/bin/sh",
                  "-c",
                  "read -r _")
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return new Outcome.Refused("cannot run " + unshare + ": " + e.getMessage());
    }
    try (OutputStream hold = holder.getOutputStream()) {
      String pid = Long.toString(holder.pid());
      try {
        awaitNamespace(holder);
        Path proc = Path.of("/proc", pid);
        Files.writeString(proc.resolve("uid_map"), identityMap(Path.of("/proc/self/uid_map")));
        Files.writeString(proc.resolve("gid_map"), identityMap(Path.of("/proc/self/gid_map")));
      } catch (IOException e) {
        return new Outcome.Refused(
            "cannot create a user namespace: " + e.getMessage() + output(holder));
      }
      Optional<String> joinRefused = probeJoin(pid);
      if (joinRefused.isPresent()) {
        return new Outcome.Refused(joinRefused.get());
      }
      // joining a mount namespace moves to its root: keep the directory relative paths mean
      List<String> full =
          new ArrayList<>(
              List.of(
                  nsenter.toString(),
                  "--user",
                  "--mount",
                  "--target",
                  pid,
                  "--wd=" + System.getProperty("user.dir"),
                  "--"));
      full.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(full).inheritIO();
      builder.environment().putAll(extraEnvironment);
      builder.environment().put(CHILD_ENV, "1");
      Process child;
      try {
        child = builder.start();
      } catch (IOException e) {
        return new Outcome.Refused("cannot run " + nsenter + ": " + e.getMessage());
      }
      Thread stop = new Thread(child::destroy, "stowage-userns-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      try {
        // The holder must go as soon as the engine has joined: it is root without capabilities
        // in the namespace, which a RUN (root with a few) could trace, reaching the container's
        // file system through /proc/<holder>/root. The engine keeps the namespaces alive.
        awaitJoined(child, Path.of("/proc", pid, "ns", "user"));
        closeQuietly(hold);
        return new Outcome.Ran(child.waitFor());
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
          // shutting down already: the hook stops the child
        }
      }
    } catch (IOException e) {
      return new Outcome.Refused("the user namespace holder failed: " + e.getMessage());
    } finally {
      // closing its stdin (above) ends the holder, and with it the namespaces
      if (!holder.waitFor(SETUP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        holder.destroyForcibly();
      }
    }
  }

  /** Whether this process may join the namespaces (seccomp may allow unshare but not setns). */
  private Optional<String> probeJoin(String pid) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(
                  nsenter.toString(), "--user", "--mount", "--target", pid, "--", "/bin/true")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0
          ? Optional.empty()
          : Optional.of("cannot join the user namespace: " + out);
    } catch (IOException e) {
      return Optional.of("cannot run " + nsenter + ": " + e.getMessage());
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // the holder went away already
    }
  }

  /** Waits until {@code child} is in the user namespace {@code target} names (or has ended). */
  private static void awaitJoined(Process child, Path target) throws InterruptedException {
    Path theirs = Path.of("/proc", Long.toString(child.pid()), "ns", "user");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_TIMEOUT_MS);
    while (child.isAlive() && System.nanoTime() < deadline) {
      try {
        if (Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(target))) {
          return;
        }
      } catch (IOException e) {
        return; // the holder is gone: nothing left to close early
      }
      Thread.sleep(1);
    }
  }

  /** Waits until the holder is in a user namespace other than ours. */
  private static void awaitNamespace(Process holder) throws IOException, InterruptedException {
    Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
    Path theirs = Path.of("/proc", Long.toString(holder.pid()), "ns", "user");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!holder.isAlive()) {
        throw new IOException("unshare exited with " + holder.exitValue());
      }
      try {
        if (!Files.readSymbolicLink(theirs).equals(ours)) {
          return;
        }
      } catch (IOException e) {
        // the process is being set up
      }
      Thread.sleep(1);
    }
    throw new IOException("unshare did not create the user namespace in time");
  }

  private static String output(Process holder) {
    if (holder.isAlive()) {
      return "";
    }
    try {
      String out = new String(holder.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return out.isBlank() ? "" : " (" + out.strip() + ")";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The map for a child namespace that holds every id of ours as itself: one line {@code id id
   * count} per range of our own map ({@code inside outside count} lines).
   */
  static String identityMap(Path ownMap) throws IOException {
    StringBuilder map = new StringBuilder();
    for (String line : Files.readAllLines(ownMap, StandardCharsets.US_ASCII)) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 3) {
        map.append(f[0]).append(' ').append(f[0]).append(' ').append(f[2]).append('\n');
      }
    }
    if (map.isEmpty()) {
      throw new IOException(ownMap + " holds no id range");
    }
    return map.toString();
  }
}
