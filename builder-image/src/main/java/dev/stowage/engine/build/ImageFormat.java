package dev.stowage.engine.build;

import java.util.Locale;

/** The manifest and config flavour of the built image ({@code --format}). */
public enum ImageFormat {
  /** OCI image manifest and config (buildah's default). */
  OCI,
  /** Docker image manifest v2 schema 2. */
  DOCKER;

  public static ImageFormat parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "oci" -> OCI;
      case "docker" -> DOCKER;
      default ->
          throw new IllegalArgumentException("--format must be oci or docker, not '" + text + "'");
    };
  }
}
