package dev.stowage.engine.transfer;

import java.util.Locale;

/** When to contact the registry ({@code --pull}), with buildah's meanings. */
public enum PullPolicy {
  /** Always resolve the reference; download only what the stores lack. */
  ALWAYS,
  /** Use an image the stores already hold under that name; pull otherwise. */
  MISSING,
  /** Never contact a registry; fail when the stores lack the image. */
  NEVER;

  /** Parses {@code always}, {@code missing}, {@code never} (also {@code true}/{@code false}). */
  public static PullPolicy parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "always", "true" -> ALWAYS;
      case "missing", "ifmissing", "ifnotpresent" -> MISSING;
      case "never", "false" -> NEVER;
      default ->
          throw new IllegalArgumentException(
              "invalid pull policy '" + text + "' (want always, missing or never)");
    };
  }
}
