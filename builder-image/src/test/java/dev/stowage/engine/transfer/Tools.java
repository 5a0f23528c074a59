package dev.stowage.engine.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the peer tools (skopeo, podman, buildah) and fails with their output when they fail. */
final class Tools {

  private Tools() {}

  static String skopeo(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    return run(Map.of(), command);
  }

  static String run(Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          command.getFirst() + " not found — install the test tools with scripts/tools.sh", e);
    }
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " timed out:\n" + out);
    }
    if (p.exitValue() != 0) {
      throw new IOException(command + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }

  /** A directory with busybox-static as /bin/busybox and a few applet links. */
  static Path busyboxRootfs(Path dir) throws IOException {
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Path busybox = Path.of("/usr/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      busybox = Path.of("/bin/busybox");
    }
    Files.copy(busybox, bin.resolve("busybox"));
    for (String applet : List.of("sh", "cat", "ls", "echo", "rm")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/motd"), "hello from stowage\n");
    Files.createDirectories(dir.resolve("tmp"));
    return dir;
  }
}
