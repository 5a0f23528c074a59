package dev.stowage.engine.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engine again inside a user and mount namespace of its own, where it holds CAP_SYS_ADMIN
 * over its mounts (fuse-overlayfs, the RUN's /proc, /sys and /dev) without holding it on the
 * machine: how a builder pod without SYS_ADMIN gets the overlay driver. The ids are mapped one to
 * one (every id of the engine's namespace is itself inside), so files keep their owners. A JVM
 * cannot unshare its user namespace (it has threads), so util-linux's {@code unshare} makes it; the
 * child waits on stdin until this process has written its id maps.
 */
public final class UserNamespaces {

  /** Set in the child's environment: it runs in the namespace and must wait for its maps. */
  public static final String CHILD_ENV = "STOWAGE_USERNS_CHILD";

  /** The capabilities (CapEff, hex) the engine held before entering the namespace. */
  public static final String OUTER_CAPABILITIES_ENV = "STOWAGE_OUTER_CAPS";

  private static final long SETUP_TIMEOUT_MS = 10_000;

  private final Path unshare;

  private UserNamespaces(Path unshare) {
    this.unshare = unshare;
  }

  /** With util-linux {@code unshare} from {@code PATH}; empty when there is none. */
  public static Optional<UserNamespaces> find(String path) {
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "unshare");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new UserNamespaces(candidate));
      }
    }
    return Optional.empty();
  }

  /** True in the child of {@link #run}. */
  public static boolean inChild(Map<String, String> environment) {
    return "1".equals(environment.get(CHILD_ENV));
  }

  /**
   * In the child, first thing: blocks until the parent wrote the id maps and said so on stdin.
   *
   * @return false when the parent gave up (stdin closed without the word)
   */
  public static boolean awaitMaps(InputStream stdin) throws IOException {
    StringBuilder word = new StringBuilder();
    for (int b = stdin.read(); b >= 0 && b != '\n'; b = stdin.read()) {
      word.append((char) b);
    }
    return word.toString().equals("go");
  }

  /** Why no user namespace can be made here (seccomp, sysctl, …); empty when one can. */
  public Optional<String> refusal() {
    try {
      Process p =
          new ProcessBuilder(unshare.toString(), "--user", "--mount", "true")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(SETUP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.of("unshare --user did not finish");
      }
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of("cannot create a user namespace: " + output.strip());
    } catch (IOException e) {
      return Optional.of("cannot run " + unshare + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /**
   * Runs {@code command} in a new user and mount namespace with this process's ids mapped to
   * themselves, stdout and stderr shared, and waits for it.
   *
   * @return its exit code; empty when the namespace could not be set up (nothing ran)
   */
  public OptionalInt run(List<String> command, Map<String, String> extraEnvironment)
      throws InterruptedException {
    List<String> full = new ArrayList<>(List.of(unshare.toString(), "--user", "--mount"));
    full.add("--propagation");
    full.add("private");
    full.add("--");
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(extraEnvironment);
    builder.environment().put(CHILD_ENV, "1");
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      return OptionalInt.empty();
    }
    Thread forward = new Thread(child::destroy, "stowage-userns-stop");
    Runtime.getRuntime().addShutdownHook(forward);
    try (OutputStream gate = child.getOutputStream()) {
      try {
        awaitNamespace(child);
        Path proc = Path.of("/proc", Long.toString(child.pid()));
        Files.writeString(proc.resolve("uid_map"), identityMap(Path.of("/proc/self/uid_map")));
        Files.writeString(proc.resolve("gid_map"), identityMap(Path.of("/proc/self/gid_map")));
        gate.write("go\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        child.destroyForcibly();
        child.waitFor();
        return OptionalInt.empty();
      }
    } catch (IOException e) {
      // closing the gate failed: the child has its word or will see the end of stdin
    }
    try {
      return OptionalInt.of(child.waitFor());
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(forward);
      } catch (IllegalStateException e) {
        // shutting down already: the hook stops the child
      }
    }
  }

  /** Waits until the child is in a user namespace other than ours. */
  private static void awaitNamespace(Process child) throws IOException, InterruptedException {
    Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
    Path theirs = Path.of("/proc", Long.toString(child.pid()), "ns", "user");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new IOException("unshare exited with " + child.exitValue());
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
