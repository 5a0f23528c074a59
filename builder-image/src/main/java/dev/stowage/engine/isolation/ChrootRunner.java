package dev.stowage.engine.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs RUN steps under chroot isolation: starts the {@link ChrootLauncher} JVM for a {@link
 * RunSpec}, streams its output line by line and returns how it ended. A non-zero exit is a result;
 * failing to start the command at all is an {@link IsolationException}.
 */
public final class ChrootRunner {

  /**
   * The kernel sends the parent-death signal when the thread that forked the launcher ends, not the
   * process, so launchers are forked from one thread that lives as long as the engine.
   */
  private static final ExecutorService SPAWNER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "stowage-run-spawner");
            t.setDaemon(true);
            return t;
          });

  /**
   * {@code unshare --pid --fork --kill-child}, to put a RUN that gets mounts in a PID namespace,
   * where this process may make one (seccomp profiles may allow user and mount namespaces only).
   */
  private static final class PidNamespace {
    /** Probed once, on the first RUN that gets mounts. */
    static final Optional<List<String>> WRAPPER = pidNamespaceWrapper();
  }

  private static Optional<List<String>> pidNamespaceWrapper() {
    for (String unshare : List.of("/usr/bin/unshare", "/bin/unshare")) {
      if (Files.isExecutable(Path.of(unshare))) {
        List<String> wrapper = List.of(unshare, "--pid", "--fork", "--kill-child", "--");
        try {
          List<String> probe = new ArrayList<>(wrapper);
          probe.add("/bin/true");
          Process p =
              new ProcessBuilder(probe)
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          return p.waitFor() == 0 ? Optional.of(wrapper) : Optional.empty();
        } catch (IOException e) {
          return Optional.empty();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private final LauncherCommand launcher;

  ChrootRunner(LauncherCommand launcher) {
    this.launcher = launcher;
  }

  /**
   * A runner that starts the launcher with this JVM's {@code java} and jar, and with the launcher's
   * AOT cache when one exists (see {@link #defaultAotCache()}).
   */
  public static ChrootRunner create() {
    LauncherCommand command = LauncherCommand.ofCurrentJvm();
    return new ChrootRunner(command.withAotCache(Optional.of(command.defaultAotCache())));
  }

  /**
   * Where {@link #create()} looks for the launcher's AOT cache: system property {@code
   * stowage.launcher.aotCache}, else environment variable {@code STOWAGE_LAUNCHER_AOT_CACHE}, else
   * {@code stowage-launcher.aot} next to the jar (the builder image writes it there at build time
   * with {@code java -cp stowage.jar dev.stowage.engine.isolation.ChrootLauncher --write-aot-cache
   * FILE}).
   */
  public static Path defaultAotCache() {
    return LauncherCommand.ofCurrentJvm().defaultAotCache();
  }

  /** Uses the JDK AOT cache at {@code cache} for the launcher when it exists. */
  public ChrootRunner withAotCache(Path cache) {
    return new ChrootRunner(launcher.withAotCache(Optional.ofNullable(cache)));
  }

  /**
   * Writes a JDK AOT cache for the launcher to {@code cache} with one training run (JDK 25, JEP
   * 514), for {@link #withAotCache}. Only works when the launcher comes from a jar; returns whether
   * the cache was written.
   */
  public boolean trainAotCache(Path cache) throws InterruptedException {
    if (!Files.isRegularFile(launcher.classPath())) {
      return false;
    }
    Path spec = null;
    try {
      spec = Files.createTempFile("stowage-train-", ".json");
      Files.writeString(spec, RunSpecJson.write(RunSpec.of(Path.of("/"), List.of("/bin/true"))));
      List<String> options = new ArrayList<>(launcher.jvmOptions());
      options.remove("-Xshare:auto"); // AOTCacheOutput refuses any -Xshare flag
      options.removeIf(o -> o.startsWith("-XX:AOTCache="));
      options.add("-XX:AOTCacheOutput=" + cache);
      ProcessBuilder builder =
          new ProcessBuilder(
                  launcher
                      .withJvmOptions(options)
                      .command(List.of("--train", "--spec", spec.toString())))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().clear();
      if (builder.start().waitFor() != 0 || !Files.isRegularFile(cache)) {
        return false;
      }
      // the JDK (25.0.3) does not notice a rebuilt jar by itself: the jar's time, next to it
      Path id = LauncherCommand.jarId(cache);
      Files.deleteIfExists(id);
      Files.createFile(id);
      Files.setLastModifiedTime(id, Files.getLastModifiedTime(launcher.classPath()));
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      if (spec != null) {
        deleteQuietly(spec);
      }
    }
  }

  /**
   * Runs the step and waits for it. Output lines go to {@code out} as they come.
   *
   * @throws IsolationException when the command could not be started (not found, not executable,
   *     missing workdir, chroot or id change refused, launcher JVM failed)
   * @throws InterruptedException when interrupted; the process is killed first
   */
  public RunResult run(RunSpec spec, OutputSink out) throws InterruptedException {
    Path status = createStatusFile();
    try {
      long start = System.nanoTime();
      Process process = start(spec, status);
      Thread stdout = pump(process.getInputStream(), OutputSink.Stream.STDOUT, out);
      Thread stderr = pump(process.getErrorStream(), OutputSink.Stream.STDERR, out);
      int exit;
      try {
        exit = process.waitFor();
        stdout.join();
        stderr.join();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        throw e;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      LaunchStatus launched = LaunchStatus.parse(readStatus(status));
      if (launched.failure().isPresent()) {
        throw launched.failure().get();
      }
      if (!launched.started()) {
        throw new IsolationException(
            IsolationException.Reason.LAUNCHER_FAILED,
            "the RUN launcher JVM did not start (exit code "
                + exit
                + "); its messages are in the build output above; command: "
                + String.join(" ", launcher.command(List.of())));
      }
      return new RunResult(exit, took);
    } finally {
      deleteQuietly(status);
    }
  }

  private Process start(RunSpec spec, Path status) {
    LauncherCommand command = launcher;
    String parent = Long.toString(ProcessHandle.current().pid());
    if (!spec.mounts().isEmpty() && PidNamespace.WRAPPER.isPresent()) {
      // a PID namespace of its own, so that /proc shows the RUN's processes only where a fresh
      // procfs may be mounted; the launcher is its init and its parent is outside (pid 0)
      command = launcher.withWrapper(PidNamespace.WRAPPER.get());
      parent = "-1";
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            command.command(List.of("--status", status.toString(), "--parent", parent)));
    // the command gets exactly spec.env(); the launcher JVM needs none (and no JAVA_TOOL_OPTIONS)
    builder.environment().clear();
    Future<Process> started = SPAWNER.submit(builder::start);
    Process process;
    try {
      process = started.get();
    } catch (ExecutionException e) {
      throw new IsolationException(
          IsolationException.Reason.LAUNCHER_FAILED,
          "cannot start the RUN launcher " + launcher.java() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IsolationException(
          IsolationException.Reason.LAUNCHER_FAILED, "interrupted while starting the RUN", e);
    }
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(RunSpecJson.write(spec).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the launcher died before reading its spec; its status and exit code tell why
    }
    return process;
  }

  private static Thread pump(InputStream stream, OutputSink.Stream which, OutputSink out) {
    return Thread.ofVirtual()
        .name("stowage-run-" + which.name().toLowerCase(Locale.ROOT))
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  synchronized (out) {
                    out.line(which, line);
                  }
                }
              } catch (IOException e) {
                // the process went away; what it wrote until then was delivered
              }
            });
  }

  private static Path createStatusFile() {
    try {
      return Files.createTempFile("stowage-run-", ".status");
    } catch (IOException e) {
      throw new IsolationException(
          IsolationException.Reason.LAUNCHER_FAILED,
          "cannot create the launcher status file in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String readStatus(Path status) {
    try {
      return Files.readString(status);
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover status file in the temp dir is harmless
    }
  }
}
