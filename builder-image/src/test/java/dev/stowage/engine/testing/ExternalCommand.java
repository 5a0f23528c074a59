package dev.stowage.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a tool of the machine (buildah, skopeo, a script) and fails with its stderr when it fails.
 */
public final class ExternalCommand {

  private final List<String> command;
  private final Map<String, String> env;

  private ExternalCommand(List<String> command, Map<String, String> env) {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
  }

  /** {@code command} with the JVM's environment plus {@code env}. */
  public static ExternalCommand of(List<String> command, Map<String, String> env) {
    return new ExternalCommand(command, env);
  }

  /**
   * Runs to completion; returns stdout; throws {@link IOException} naming the command on failure.
   */
  public String run() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(env);
    Path stderr = Files.createTempFile("stowage-cmd", ".err");
    try {
      builder.redirectError(stderr.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      String out;
      try (InputStream stdout = process.getInputStream()) {
        out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      }
      int code = process.waitFor();
      if (code != 0) {
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        throw new IOException(
            String.join(" ", command) + " exited " + code + ":\n" + tail(err + out, 6000));
      }
      return out;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max);
  }
}
