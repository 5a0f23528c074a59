package dev.stowage.engine.build;

import java.util.Locale;

/** When a base image is fetched from its registry ({@code --pull}). */
public enum PullPolicy {
  /** Always ask the registry, even when the store has the image. */
  ALWAYS,
  /** Only when no store has the image (the default). */
  MISSING,
  /** Never: a missing image is an error (the builder pod's {@code build} step). */
  NEVER;

  /** Parses {@code always}, {@code missing}, {@code never}, and {@code true}/{@code false}. */
  public static PullPolicy parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "always", "true" -> ALWAYS;
      case "missing", "ifmissing", "" -> MISSING;
      case "never", "false" -> NEVER;
      default ->
          throw new IllegalArgumentException(
              "--pull must be always, missing or never, not '" + text + "'");
    };
  }
}
