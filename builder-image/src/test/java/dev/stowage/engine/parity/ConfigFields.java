package dev.stowage.engine.parity;

import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Healthcheck;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The image config fields a Containerfile decides, normalised so that engines can be compared:
 * labels an engine stamps on its own images (buildah's {@code io.buildah.version}) are left out,
 * the environment is sorted (its order means nothing; engines differ in where a replaced variable
 * goes), and an empty Entrypoint, Cmd or Shell equals an absent one (buildah writes {@code []}
 * where BuildKit writes nothing; a container runs the same).
 */
public record ConfigFields(
    List<String> env,
    List<String> cmd,
    List<String> entrypoint,
    String workingDir,
    String user,
    SortedMap<String, String> labels,
    Set<String> exposedPorts,
    Set<String> volumes,
    String stopSignal,
    String healthcheck,
    List<String> onBuild,
    List<String> shell) {

  /** Labels that say which engine built the image, not what the Containerfile asked for. */
  static final Set<String> ENGINE_LABELS = Set.of("io.buildah.version");

  /** The fields of {@code config}. */
  public static ConfigFields of(ContainerConfig config) {
    SortedMap<String, String> labels = new TreeMap<>(config.labels());
    labels.keySet().removeAll(ENGINE_LABELS);
    return new ConfigFields(
        config.env().stream().sorted().toList(),
        emptyAsAbsent(config.cmd()),
        emptyAsAbsent(config.entrypoint()),
        Objects.requireNonNullElse(config.workingDir(), ""),
        Objects.requireNonNullElse(config.user(), ""),
        labels,
        config.exposedPorts(),
        config.volumes(),
        Objects.requireNonNullElse(config.stopSignal(), ""),
        describe(config.healthcheck()),
        config.onBuild(),
        emptyAsAbsent(config.shell()));
  }

  private static List<String> emptyAsAbsent(List<String> list) {
    return list == null || list.isEmpty() ? null : list;
  }

  private static String describe(Healthcheck check) {
    if (check == null) {
      return "";
    }
    return "test=%s interval=%s timeout=%s startPeriod=%s retries=%s"
        .formatted(
            check.test(), check.interval(), check.timeout(), check.startPeriod(), check.retries());
  }
}
