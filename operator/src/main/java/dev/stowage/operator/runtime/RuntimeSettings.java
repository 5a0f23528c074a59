package dev.stowage.operator.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator process runs: watched namespaces, leader election, probe and metrics ports.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param leaderElection whether to take a Lease before reconciling
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease, null for the client's namespace
 * @param healthPort port of {@code /healthz} and {@code /readyz}
 * @param metricsPort port of {@code /metrics}
 * @param serverSideApply whether status is written with server-side apply (off for the mock API
 *     server, which cannot serve it)
 */
public record RuntimeSettings(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int healthPort,
    int metricsPort,
    boolean serverSideApply) {

  /** Environment variable: comma-separated namespaces to watch, empty for all. */
  public static final String WATCH_NAMESPACES = "STOWAGE_WATCH_NAMESPACES";

  /** Environment variable set by the Deployment through the downward API. */
  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  public static final String DEFAULT_LEASE = "stowage-operator";

  public RuntimeSettings {
    watchNamespaces = Set.copyOf(Objects.requireNonNull(watchNamespaces, "watchNamespaces"));
    Objects.requireNonNull(leaseName, "leaseName");
    checkPort(healthPort, "health");
    checkPort(metricsPort, "metrics");
  }

  /** Settings from the process environment, with the given ports and leader election choice. */
  public static RuntimeSettings fromEnvironment(
      Map<String, String> env, boolean leaderElection, int healthPort, int metricsPort) {
    return new RuntimeSettings(
        parseNamespaces(env.get(WATCH_NAMESPACES)),
        leaderElection,
        DEFAULT_LEASE,
        blankToNull(env.get(POD_NAMESPACE)),
        healthPort,
        metricsPort,
        true);
  }

  /** {@code "a, b,,c"} → {a, b, c}; null or blank → all namespaces (empty set). */
  public static Set<String> parseNamespaces(String csv) {
    if (csv == null || csv.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(csv.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** A copy that writes status without server-side apply. */
  public RuntimeSettings withoutServerSideApply() {
    return new RuntimeSettings(
        watchNamespaces, leaderElection, leaseName, leaseNamespace, healthPort, metricsPort, false);
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " port out of range: " + port);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
