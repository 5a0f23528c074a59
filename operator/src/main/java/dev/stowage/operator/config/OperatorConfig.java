package dev.stowage.operator.config;

import dev.stowage.operator.api.BuildStorage.StorageMode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the operator shapes builder pods: image, security mode, /dev/fuse provider, storage policy
 * and defaults. Loaded from a YAML file (mounted ConfigMap) with environment overrides.
 */
public record OperatorConfig(
    String builderImage,
    String builderImagePullPolicy,
    SecurityMode securityMode,
    FuseConfig fuse,
    StoragePolicy storage,
    Defaults defaults) {

  public OperatorConfig {
    Objects.requireNonNull(builderImage, "builderImage");
    Objects.requireNonNull(securityMode, "securityMode");
    Objects.requireNonNull(fuse, "fuse");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(defaults, "defaults");
  }

  /** The configuration used when nothing is configured. */
  public static OperatorConfig standard() {
    return new OperatorConfig(
        "ghcr.io/stowage/stowage-builder:0.1.0",
        "IfNotPresent",
        SecurityMode.baseline,
        new FuseConfig(FuseProvider.devicePlugin, "github.com/fuse", "stowage-userns.json"),
        new StoragePolicy(
            Set.of(StorageMode.Ephemeral, StorageMode.Project), List.of(), "ReadWriteOnce"),
        new Defaults("1h", 3, "20Gi", null, "1", "2Gi", "4", "8Gi"));
  }

  /** Pod security mode of builder pods. */
  public enum SecurityMode {
    /** Passes Pod Security "baseline": RuntimeDefault seccomp, no user namespace for the engine. */
    baseline,
    /** Baseline plus a Localhost seccomp profile allowing unshare/mount, and hostUsers: false. */
    userns
  }

  /** How /dev/fuse reaches builder pods; never a hostPath. */
  public enum FuseProvider {
    /** Request one unit of a device-plugin extended resource (e.g. github.com/fuse). */
    devicePlugin,
    /** The CRI-O annotation io.kubernetes.cri-o.Devices: /dev/fuse:rwm. */
    crioAnnotation,
    /** No /dev/fuse: the engine uses its native driver. */
    none
  }

  /**
   * The /dev/fuse provider, the extended resource name for {@code devicePlugin}, and the Localhost
   * seccomp profile (relative to the kubelet's seccomp directory) for {@code userns}.
   */
  public record FuseConfig(FuseProvider provider, String resourceName, String seccompProfile) {}

  /** Which storage modes builds may use, which host paths, and the project PVC access mode. */
  public record StoragePolicy(
      Set<StorageMode> allowedModes, List<String> allowedHostPaths, String projectAccessMode) {

    /** Whether a hostPath (store or Host mode) lies under one of the allowed prefixes. */
    public boolean allowsHostPath(String path) {
      return allowedHostPaths.stream()
          .anyMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"));
    }
  }

  /** Defaults applied where an ImageBuild leaves a field out. */
  public record Defaults(
      String timeout,
      int infrastructureRetries,
      String storageSize,
      String storageClassName,
      String buildCpuRequest,
      String buildMemoryRequest,
      String buildCpuLimit,
      String buildMemoryLimit) {}
}
