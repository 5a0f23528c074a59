package dev.stowage.operator.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real helm binary named by STOWAGE_HELM, with its cache and config kept in target/. */
final class Helm {

  static final String ENV = "STOWAGE_HELM";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final Path binary;
  private final Path home;

  private Helm(Path binary, Path home) {
    this.binary = binary;
    this.home = home;
  }

  /** The helm of this test run; fails (never skips) when the test tools are not set up. */
  static Helm fromEnvironment() {
    return fromEnvironment(System.getenv(), ChartLocation.detect().workDir().resolve("helm-home"));
  }

  static Helm fromEnvironment(Map<String, String> env, Path home) {
    String path = env.get(ENV);
    if (path == null || path.isBlank()) {
      throw new IllegalStateException(
          ENV
              + " is not set: the chart tests run the real helm binary. Run the whole suite with"
              + " `bash scripts/test.sh`, or `eval \"$(bash scripts/tools.sh)\"` before ./mvnw.");
    }
    Path binary = Path.of(path);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          ENV + "=" + path + " is not an executable file: run `bash scripts/tools.sh` again.");
    }
    return new Helm(binary, home);
  }

  /** Runs {@code helm args...}; returns exit code and output without judging them. */
  ExternalCommand.Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Keep helm away from the user's ~/.config/helm and ~/.cache/helm.
    return ExternalCommand.run(
        command,
        Map.of(
            "HELM_CACHE_HOME", home.resolve("cache").toString(),
            "HELM_CONFIG_HOME", home.resolve("config").toString(),
            "HELM_DATA_HOME", home.resolve("data").toString()),
        TIMEOUT);
  }

  /** Runs helm and returns its standard output; throws with helm's own message if it fails. */
  String succeed(List<String> args) {
    ExternalCommand.Result result = run(args);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "helm "
              + String.join(" ", args)
              + " failed ("
              + result.exitCode()
              + "):\n"
              + result.stderr()
              + result.stdout());
    }
    return result.stdout();
  }
}
