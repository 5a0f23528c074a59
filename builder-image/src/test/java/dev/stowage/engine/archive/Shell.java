package dev.stowage.engine.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system tool for interoperability checks. */
record Shell(int exitCode, String output) {

  static Shell run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new Shell(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs {@code command} and fails unless it exits 0. */
  static String ok(Path dir, String... command) throws IOException, InterruptedException {
    Shell s = run(dir, command);
    if (s.exitCode != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + s.exitCode + ":\n" + s.output);
    }
    return s.output;
  }

  static boolean has(String tool) {
    try {
      return run(Path.of("/"), "sh", "-c", "command -v " + tool).exitCode == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
