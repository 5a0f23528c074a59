package dev.stowage.engine.containerfile.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An OCI platform such as {@code linux/amd64} or {@code linux/arm/v7}. */
public record Platform(String os, String architecture, String variant) {

  /** The only platform stowage builds for today. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
    if (os.isEmpty() || architecture.isEmpty()) {
      throw new IllegalArgumentException("platform needs an os and an architecture");
    }
  }

  /** Parses {@code os/arch[/variant]}. */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("platform '" + text + "' is not os/arch[/variant]");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /**
   * The automatic build args for this platform under a prefix ({@code TARGET} or {@code BUILD}):
   * {@code PLATFORM}, {@code OS}, {@code ARCH}, {@code VARIANT}.
   */
  public Map<String, String> args(String prefix) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(prefix + "PLATFORM", toString());
    m.put(prefix + "OS", os);
    m.put(prefix + "ARCH", architecture);
    m.put(prefix + "VARIANT", variant);
    return m;
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
