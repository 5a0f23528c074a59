package dev.stowage.engine.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.cli.Main;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.testing.PodProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Our engine, run through its command line ({@code stowage build --layers}) into a store under
 * {@code storageRoot} that already holds the base images: in-process with {@code --storage-driver
 * native} or {@code overlay}, or, for {@value #POD}, as a child JVM with the builder pod's
 * capabilities and {@code no_new_privs} (it then enters a user namespace of its own and mounts
 * fuse-overlayfs).
 */
public final class StowageBuilder implements ImageBuilder {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The driver name that means: the pod's way, in a child process (the engine picks). */
  public static final String POD = "pod";

  /** The pod's way with {@code --mount-program fuse-overlayfs}. */
  public static final String POD_FUSE = "pod-fuse";

  private final Path storageRoot;
  private final String driver;
  private JsonNode lastResult;

  /** Builds into {@code storageRoot} with {@code --storage-driver driver}. */
  public StowageBuilder(Path storageRoot, String driver) {
    this.storageRoot = storageRoot;
    this.driver = driver;
  }

  /** Builds into {@code storageRoot} with the driver the engine picks. */
  public StowageBuilder(Path storageRoot) {
    this(storageRoot, "auto");
  }

  /** True when this build of the engine has the {@code build} subcommand. */
  public static boolean available() {
    return new CommandLine(new Main()).subcommands().contains("build");
  }

  @Override
  public String name() {
    return "stowage";
  }

  @Override
  public BuiltImage build(BuildRequest request) throws IOException {
    if (!available()) {
      throw new IllegalStateException(
          "this engine has no `stowage build` subcommand yet (engine/build not merged)");
    }
    Path resultFile = Files.createTempFile("stowage-build", ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                "--storage-root",
                storageRoot.toString(),
                "--layers",
                "--pull=never",
                "--format",
                "docker",
                "--storage-driver",
                inPod() ? "overlay" : driver,
                "--result-file",
                resultFile.toString(),
                "-t",
                request.tag(),
                "-f",
                request.containerfile().toString()));
    for (String arg : request.buildArgs()) {
      args.add("--build-arg");
      args.add(arg);
    }
    request.target().ifPresent(t -> args.addAll(List.of("--target", t)));
    args.add(request.context().toString());
    StringWriter out = new StringWriter();
    int code;
    if (driver.equals(POD_FUSE)) {
      args.addAll(args.size() - 1, List.of("--mount-program", "fuse-overlayfs"));
    }
    if (inPod()) {
      code = inPodProcess(args, out);
    } else {
      CommandLine command = new CommandLine(new Main());
      command.setOut(new PrintWriter(out, true));
      command.setErr(new PrintWriter(out, true));
      code = command.execute(args.toArray(String[]::new));
    }
    String result = Files.readString(resultFile);
    Files.deleteIfExists(resultFile);
    if (code != 0) {
      throw new IOException(
          "stowage " + String.join(" ", args) + " exited " + code + ":\n" + out + "\n" + result);
    }
    lastResult = result.isBlank() ? null : JSON.readTree(result);
    return new BuiltImage(name(), request.tag(), StoreSet.open(storageRoot, List.of()));
  }

  private boolean inPod() {
    return driver.equals(POD) || driver.equals(POD_FUSE);
  }

  private static int inPodProcess(List<String> args, StringWriter out) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(PodProcess.command(Main.class.getName(), args))
            .redirectErrorStream(true);
    builder.environment().put("LANG", "C.UTF-8");
    Process p = builder.start();
    out.write(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }

  /** The result JSON of the last successful build ({@code imageId}, {@code cacheHits}, …). */
  public JsonNode lastResult() {
    return lastResult;
  }
}
