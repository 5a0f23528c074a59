package dev.stowage.engine.containerfile.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user asked for: {@code --build-arg}s, {@code --target} and platforms.
 *
 * @param buildArgs name to value, in the order given
 */
public record BuildOptions(
    Map<String, String> buildArgs,
    Optional<String> target,
    Platform targetPlatform,
    Platform buildPlatform) {

  public BuildOptions {
    buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(targetPlatform, "targetPlatform");
    Objects.requireNonNull(buildPlatform, "buildPlatform");
  }

  /** No build args, the last stage, linux/amd64. */
  public static BuildOptions defaults() {
    return new BuildOptions(Map.of(), Optional.empty(), Platform.LINUX_AMD64, Platform.LINUX_AMD64);
  }

  public BuildOptions withBuildArgs(Map<String, String> args) {
    return new BuildOptions(args, target, targetPlatform, buildPlatform);
  }

  public BuildOptions withTarget(String stage) {
    return new BuildOptions(buildArgs, Optional.of(stage), targetPlatform, buildPlatform);
  }

  /**
   * Reads {@code --build-arg} values: {@code K=V}, or a bare {@code K} that takes its value from
   * {@code environment} (and is dropped when the environment lacks it, as Docker does).
   */
  public static Map<String, String> parseBuildArgs(
      List<String> cliValues, Map<String, String> environment) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : cliValues) {
      int eq = v.indexOf('=');
      if (eq == 0) {
        throw new IllegalArgumentException("--build-arg '" + v + "' has no name before '='");
      }
      if (eq < 0) {
        String env = environment.get(v);
        if (env != null) {
          out.put(v, env);
        }
      } else {
        out.put(v.substring(0, eq), v.substring(eq + 1));
      }
    }
    return out;
  }
}
