package dev.stowage.operator.config;

import dev.stowage.operator.api.FieldPatterns;
import dev.stowage.operator.api.QuantityPattern;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Semantic checks of a loaded configuration; each failure names the key at fault. */
final class ConfigChecks {

  private static final Pattern IMAGE = Pattern.compile("^[^\\s@]+(@sha256:[0-9a-f]{64})?$");
  private static final Pattern QUANTITY =
      Pattern.compile("^([0-9]+(\\.[0-9]+)?|[0-9]*\\.[0-9]+)(m|Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final Set<String> ACCESS_MODES =
      Set.of("ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod");

  private ConfigChecks() {}

  static OperatorConfig check(OperatorConfig c) {
    builderImage(c.builderImage(), "builderImage");
    if (c.builderImagePullPolicy() != null && !PULL_POLICIES.contains(c.builderImagePullPolicy())) {
      throw new ConfigException(
          "builderImagePullPolicy",
          "'" + c.builderImagePullPolicy() + "' is not one of Always, IfNotPresent, Never");
    }
    if (c.fuse().provider() == null) {
      throw new ConfigException("fuse.provider", "must be set");
    }
    if (c.fuse().provider() == FuseProvider.devicePlugin && blank(c.fuse().resourceName())) {
      throw new ConfigException(
          "fuse.resourceName", "is required when fuse.provider is devicePlugin");
    }
    if (c.securityMode() == SecurityMode.userns && blank(c.fuse().seccompProfile())) {
      throw new ConfigException("fuse.seccompProfile", "is required when securityMode is userns");
    }
    if (c.storage().allowedModes() == null || c.storage().allowedModes().isEmpty()) {
      throw new ConfigException("storage.allowedModes", "must name at least one storage mode");
    }
    hostPaths(c.storage().allowedHostPaths(), "storage.allowedHostPaths");
    if (!ACCESS_MODES.contains(c.storage().projectAccessMode())) {
      throw new ConfigException(
          "storage.projectAccessMode",
          "'"
              + c.storage().projectAccessMode()
              + "' is not one of ReadWriteOnce, ReadWriteMany, ReadWriteOncePod");
    }
    var d = c.defaults();
    String timeout = d.timeout();
    if (timeout == null
        || !timeout.matches(FieldPatterns.TIMEOUT)
        || !timeout.matches(".*[1-9].*")) {
      throw new ConfigException(
          "defaults.timeout", "'" + timeout + "' is not a positive duration such as 1h or 30m");
    }
    if (d.infrastructureRetries() < 0 || d.infrastructureRetries() > 10) {
      throw new ConfigException("defaults.infrastructureRetries", "must be between 0 and 10");
    }
    if (d.storageSize() == null || !d.storageSize().matches(QuantityPattern.SIZE)) {
      throw new ConfigException(
          "defaults.storageSize", "'" + d.storageSize() + "' is not a size such as 20Gi");
    }
    quantity(d.buildCpuRequest(), "defaults.buildCpuRequest");
    quantity(d.buildMemoryRequest(), "defaults.buildMemoryRequest");
    quantity(d.buildCpuLimit(), "defaults.buildCpuLimit");
    quantity(d.buildMemoryLimit(), "defaults.buildMemoryLimit");
    return c;
  }

  static String builderImage(String image, String key) {
    if (blank(image) || !IMAGE.matcher(image).matches()) {
      throw new ConfigException(key, "'" + image + "' is not an image reference");
    }
    return image;
  }

  static List<String> hostPaths(List<String> paths, String key) {
    if (paths == null) {
      throw new ConfigException(key, "must be a list; use [] for none");
    }
    for (String path : paths) {
      if (path == null || !path.matches(FieldPatterns.ABSOLUTE_PATH) || path.equals("/")) {
        throw new ConfigException(
            key, "'" + path + "' is not an absolute directory below / (e.g. /var/lib/shared)");
      }
      if (List.of(path.split("/")).contains("..")) {
        throw new ConfigException(key, "'" + path + "' must not contain '..'");
      }
    }
    return paths;
  }

  private static void quantity(String value, String key) {
    if (value != null && !QUANTITY.matcher(value).matches()) {
      throw new ConfigException(key, "'" + value + "' is not a Kubernetes quantity");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
