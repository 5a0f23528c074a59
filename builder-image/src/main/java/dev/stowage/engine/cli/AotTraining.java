package dev.stowage.engine.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.stowage.engine.build.BuildException;
import dev.stowage.engine.build.RunRequest;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.fs.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workload the engine's JDK AOT cache is trained on ({@code stowage --write-aot-cache}, see
 * builder-image/README.md): what builder pods and laptops run, in this one JVM, on a temporary
 * store: cold and cached builds (COPY trees, heredocs, every config instruction, RUN through a
 * stand-in runner, a base image from an additional store), result files, a local {@code pull}, OCI
 * and docker-archive exports (gzip, zstd), and a push and pull through a registry on loopback
 * ({@link TrainingRegistry}). It needs no network beyond loopback and no root, and prints one line.
 */
public final class AotTraining {

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("stowage-aot-training-");
    try {
      int steps = run(dir);
      System.out.println("AOT training: " + steps + " engine commands ran");
    } finally {
      FileTrees.delete(dir);
    }
  }

  /** Runs the workload in {@code dir}; the number of commands it ran. */
  static int run(Path dir) throws IOException {
    Path context = context(dir.resolve("context"));
    Path base = dir.resolve("base-store");
    Path store = dir.resolve("store");
    String files = "localhost/aot/files:1";
    String app = "localhost/aot/app:1";
    List<String[]> commands = new ArrayList<>();
    // the first stage alone, through the real command line (cold, then from the cache)
    for (String run : List.of("cold", "warm")) {
      commands.add(
          new String[] {
            "build",
            "--storage-root",
            base.toString(),
            "--pull=never",
            "--layers",
            "--target",
            "files",
            "-t",
            files,
            "--result-file",
            dir.resolve("files-" + run + ".json").toString(),
            "-f",
            context.resolve("Containerfile").toString(),
            context.toString()
          });
    }
    // a local pull (the builder pod's pull step finds the image present) and the exports; list,
    // inspect, tag, rmi and import are left out: every class trained on is loaded at the start
    // of every run, so the cache holds what builds and pods run, not every command
    commands.add(
        new String[] {"pull", "--storage-root", base.toString(), "--pull", "never", files});
    commands.add(
        new String[] {
          "push", "--storage-root", base.toString(), files, "oci:" + dir.resolve("oci") + ":files"
        });
    commands.add(
        new String[] {
          "push",
          "--storage-root",
          base.toString(),
          "--compression",
          "zstd",
          files,
          "docker-archive:" + dir.resolve("files.tar") + ":" + files
        });
    int ran = 0;
    for (String[] command : commands) {
      execute(new CommandLine(new Main()), command);
      ran++;
    }
    ran += registryRoundTrip(dir, base, files);
    // the whole file: RUN needs root and a shell, so a stand-in runner changes the root instead
    for (String run : List.of("cold", "warm")) {
      String[] command = {
        "--storage-root",
        store.toString(),
        "--additional-store",
        base.toString(),
        "--pull=never",
        "--layers",
        "--build-arg",
        "VERSION=2",
        "--label",
        "stage=" + run,
        "-t",
        app,
        "--result-file",
        dir.resolve("app-" + run + ".json").toString(),
        context.toString()
      };
      BuildCommand.Services defaults = BuildCommand.Services.defaults();
      BuildCommand build =
          new BuildCommand(
              new BuildCommand.Services(
                  AotTraining::standInRun, defaults.baseImages(), defaults.publisher()),
              new PrintStream(OutputStream.nullOutputStream(), true, UTF_8),
              Map.of());
      execute(new CommandLine(build), command);
      ran++;
    }
    return ran;
  }

  /**
   * The builder pod's push and pull steps against a registry on loopback: a first push (uploads), a
   * second (every blob present) and a pull into an empty store. Where no loopback socket can be
   * opened (a network namespace without {@code lo}) the cache is trained without them.
   */
  private static int registryRoundTrip(Path dir, Path base, String image) throws IOException {
    TrainingRegistry registry;
    try {
      registry = TrainingRegistry.start();
    } catch (IOException e) {
      System.out.println("AOT training: no loopback registry (" + e.getMessage() + ")");
      return 0;
    }
    try (registry) {
      Path authFile = Files.writeString(dir.resolve("auth.json"), "{\"auths\": {}}\n");
      String remote = registry.host() + "/aot/files:1";
      List<String[]> commands = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        commands.add(
            new String[] {
              "push",
              "--storage-root",
              base.toString(),
              "--tls-verify=false",
              "--authfile",
              authFile.toString(),
              "--result-file",
              dir.resolve("push-" + i + ".json").toString(),
              image,
              "docker://" + remote
            });
      }
      commands.add(
          new String[] {
            "pull",
            "--storage-root",
            dir.resolve("pulled-store").toString(),
            "--tls-verify=false",
            "--authfile",
            authFile.toString(),
            "--result-file",
            dir.resolve("pull.json").toString(),
            remote
          });
      for (String[] command : commands) {
        execute(new CommandLine(new Main()), command);
      }
      return commands.size();
    }
  }

  /** What a RUN step of the training file would have done: writes a file into the root. */
  private static int standInRun(RunRequest request, OutputStream output) throws BuildException {
    try {
      Path ran = request.rootfs().resolve("app/ran");
      Files.createDirectories(ran.getParent());
      Files.writeString(ran, String.join(" ", request.argv()) + "\n");
      output.write("ran\n".getBytes(UTF_8));
      return 0;
    } catch (IOException e) {
      throw new BuildException(BuildException.Kind.ENVIRONMENT, null, e.getMessage(), e);
    }
  }

  private static void execute(CommandLine cli, String[] args) {
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(Writer.nullWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    if (exit != 0) {
      throw new IllegalStateException(
          "AOT training: stowage " + String.join(" ", args) + " exited " + exit + ": " + err);
    }
  }

  private static Path context(Path dir) throws IOException {
    Path app = Files.createDirectories(dir.resolve("app"));
    for (int d = 0; d < 20; d++) {
      Path sub = Files.createDirectories(app.resolve("pkg" + d));
      for (int f = 0; f < 25; f++) {
        Files.writeString(sub.resolve("file" + f + ".txt"), "package " + d + " file " + f + "\n");
      }
    }
    Files.write(app.resolve("blob.bin"), pseudoRandom(1 << 20));
    Path script = Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho app\n");
    script.toFile().setExecutable(true);
    Files.createSymbolicLink(app.resolve("latest"), Path.of("pkg0/file0.txt"));
    Files.writeString(app.resolve("debug.log"), "ignored\n");
    Files.writeString(dir.resolve(".dockerignore"), "# training\n**/*.log\n!app/keep.log\n");
    Files.writeString(
        dir.resolve("Containerfile"),
        """
        # syntax=docker/dockerfile:1
        ARG BASE=scratch
        FROM ${BASE} AS files
        COPY --chmod=0644 app/pkg0 app/pkg1 /app/
        COPY app/ /app/
        COPY <<EOF /app/inline.txt
        inline ${BASE}
        EOF
        ADD app/blob.bin /blobs/

        FROM localhost/aot/files:1
        ARG VERSION=1
        ENV APP_VERSION=${VERSION} PATH=/usr/local/bin:/usr/bin:/bin
        LABEL org.opencontainers.image.title="aot training" version="${VERSION}"
        WORKDIR /app
        RUN echo "version ${APP_VERSION}" > /app/version
        COPY --from=files /app/pkg2 /app/copied/
        USER 1000:1000
        EXPOSE 8080/tcp
        VOLUME /data
        STOPSIGNAL SIGTERM
        HEALTHCHECK --interval=30s CMD ["/app/run.sh", "health"]
        ENTRYPOINT ["/app/run.sh"]
        CMD ["--help"]
        """);
    return dir;
  }

  private static byte[] pseudoRandom(int size) {
    byte[] bytes = new byte[size];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) (i % 3 == 0 ? x : i);
    }
    return bytes;
  }
}
