package dev.stowage.operator.pod;

import java.util.Locale;

/** Deterministic builder pod names, so a restarted operator finds (not duplicates) its pods. */
public final class BuilderPodNames {

  private static final int MAX_NAME = 63;

  private BuilderPodNames() {}

  /** {@code <build>-<revision[0..8]>-<attempt>}, the build name shortened to fit 63 characters. */
  public static String podName(String buildName, String revision, int attempt) {
    String suffix = "-" + revision.substring(0, 8) + "-" + attempt;
    String base = buildName.toLowerCase(Locale.ROOT);
    int room = MAX_NAME - suffix.length();
    if (base.length() > room) {
      base = base.substring(0, room);
    }
    while (base.endsWith("-") || base.endsWith(".")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + suffix;
  }

  /** The PVC of a project's store: {@code stowage-project-<project>}. */
  public static String projectClaimName(String project) {
    return "stowage-project-" + project;
  }
}
