package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The platform an image runs on: {@code os/architecture[/variant]}; {@code variant} and {@code
 * osVersion} are null when absent.
 */
public record Platform(
    String os,
    String architecture,
    String variant,
    String osVersion,
    List<String> osFeatures,
    UnknownFields unknown) {

  /** The platform the engine builds for. */
  public static final Platform LINUX_AMD64 = of("linux", "amd64", null);

  private static final Set<String> KNOWN =
      Set.of("architecture", "os", "os.version", "os.features", "variant");

  public Platform {
    requireWord(os, "os");
    requireWord(architecture, "architecture");
    variant = variant == null || variant.isEmpty() ? null : variant;
    osVersion = osVersion == null || osVersion.isEmpty() ? null : osVersion;
    osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
  }

  public static Platform of(String os, String architecture, String variant) {
    return new Platform(os, architecture, variant, null, List.of(), UnknownFields.NONE);
  }

  /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. */
  public static Platform parse(String text) {
    String[] parts = Objects.requireNonNull(text, "platform").split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid platform '" + text + "': want os/architecture[/variant], e.g. linux/amd64");
    }
    return of(parts[0], normaliseArchitecture(parts[1]), parts.length == 3 ? parts[2] : null);
  }

  static Platform fromJson(JsonFields f) {
    return new Platform(
        f.requiredText("os"),
        f.requiredText("architecture"),
        f.text("variant"),
        f.text("os.version"),
        f.strings("os.features"),
        f.unknown(KNOWN));
  }

  void writeTo(ObjectNode o) {
    o.put("architecture", architecture);
    o.put("os", os);
    JsonFields.put(o, "os.version", osVersion);
    JsonFields.putNonEmptyStrings(o, "os.features", osFeatures);
    JsonFields.put(o, "variant", variant);
    unknown.writeTo(o);
  }

  /**
   * Whether an image for this platform can serve {@code wanted}: same os and architecture, and the
   * same variant when {@code wanted} names one (an absent variant means the architecture's default,
   * e.g. {@code v8} for arm64).
   */
  public boolean satisfies(Platform wanted) {
    if (!os.equals(wanted.os)
        || !normaliseArchitecture(architecture)
            .equals(normaliseArchitecture(wanted.architecture))) {
      return false;
    }
    return wanted.variant == null || sameVariant(wanted);
  }

  /** Whether both variants are equal once architecture defaults are filled in. */
  public boolean sameVariant(Platform other) {
    return Objects.equals(effectiveVariant(), other.effectiveVariant());
  }

  private String effectiveVariant() {
    if (variant != null) {
      return variant;
    }
    return switch (normaliseArchitecture(architecture)) {
      case "arm64" -> "v8";
      case "arm" -> "v7";
      default -> null;
    };
  }

  private static String normaliseArchitecture(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }

  private static void requireWord(String value, String what) {
    if (value == null || value.isBlank() || value.contains("/")) {
      throw new IllegalArgumentException("invalid platform " + what + ": '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
