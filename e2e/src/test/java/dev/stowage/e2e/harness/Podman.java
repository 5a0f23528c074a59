package dev.stowage.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A podman of its own: graph root, run root, temp dir and events log under one directory, with a
 * containers.conf for these machines (runc, cgroupfs, file events, ulimits runc may set), so
 * nothing the tests run touches the machine's podman or another session's containers. Needs root.
 */
public final class Podman implements AutoCloseable {

  /** The outcome of one command. */
  public record Result(int exitCode, String out, String err) {

    /** stdout and stderr, for messages. */
    public String output() {
      return out + (err.isBlank() ? "" : (out.isBlank() ? "" : "\n") + err);
    }
  }

  /** Readers of child output; not the common pool, which has one thread on two cores. */
  private static final ExecutorService DRAINS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "podman-output");
            t.setDaemon(true);
            return t;
          });

  private final Path dir;
  private final Path conf;
  private final Path storageConf;

  private Podman(Path dir, Path conf, Path storageConf) {
    this.dir = dir;
    this.conf = conf;
    this.storageConf = storageConf;
  }

  /** Writes the configuration under {@code dir} (created if missing). */
  public static Podman create(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("tmp"));
    Path conf = dir.resolve("containers.conf");
    Path storageConf = dir.resolve("storage.conf");
    // podman raises these limits for root unless told, and runc here may only lower them
    long nofile = Math.min(4096, hardLimit("Max open files"));
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
        events_logfile_path = "%s"
        tmp_dir = "%s"
        """
            .formatted(
                nofile, nofile, nproc, nproc, dir.resolve("events.log"), dir.resolve("tmp")));
    Files.writeString(
        storageConf,
        """
        [storage]
        driver = "overlay"
        graphroot = "%s"
        runroot = "%s"
        """
            .formatted(dir.resolve("root"), dir.resolve("run")));
    return new Podman(dir, conf, storageConf);
  }

  /** The directory holding the store and the configuration. */
  public Path dir() {
    return dir;
  }

  /** {@code podman ARGS}, which must succeed; returns stdout. */
  public String run(String... args) {
    Result result = exec(List.of(args), Duration.ofMinutes(5));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "podman "
              + String.join(" ", args)
              + " exited with "
              + result.exitCode()
              + ":\n"
              + result.output());
    }
    return result.out();
  }

  /** {@code podman ARGS} with a timeout; the exit code is the caller's to judge. */
  public Result exec(List<String> args, Duration timeout) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(args);
    try {
      Process process = start(command);
      process.getOutputStream().close();
      CompletableFuture<String> err = drain(process.getErrorStream());
      CompletableFuture<String> out = drain(process.getInputStream());
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Result(-1, out.join(), err.join() + "\n(timed out after " + timeout + ")");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** Starts {@code command} (beginning with {@code podman}) with this podman's configuration. */
  public Process start(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env());
    return builder.start();
  }

  /** The environment pointing podman (and skopeo) at this configuration. */
  public Map<String, String> env() {
    return Map.of(
        "CONTAINERS_CONF", conf.toString(), "CONTAINERS_STORAGE_CONF", storageConf.toString());
  }

  /** Removes every pod and container and unmounts what podman left mounted below {@link #dir}. */
  @Override
  public void close() {
    exec(List.of("pod", "rm", "--all", "--force"), Duration.ofMinutes(2));
    exec(List.of("rm", "--all", "--force"), Duration.ofMinutes(2));
    unmountBelow(dir);
  }

  /** Unmounts, deepest first, every mount point at or below {@code root}. */
  public static void unmountBelow(Path root) {
    List<String> points = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String point = unescape(line.split(" ")[4]);
        if (point.equals(root.toString()) || point.startsWith(root + "/")) {
          points.add(point);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
    }
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      try {
        new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot unmount " + point, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Deletes {@code root} and everything below it (after unmounting what is mounted there). */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    unmountBelow(root);
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static String unescape(String mountinfoField) {
    return mountinfoField
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\");
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        },
        DRAINS);
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
