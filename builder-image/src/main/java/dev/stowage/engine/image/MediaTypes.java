package dev.stowage.engine.image;

import java.util.List;

/** The media types of OCI and Docker schema 2 images, and what kind of document each names. */
public final class MediaTypes {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER_FOREIGN_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  /** Every manifest and index type, for a registry's {@code Accept} header. */
  public static final List<String> ALL_MANIFESTS =
      List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private MediaTypes() {}

  /** Whether {@code mediaType} names a multi-platform index or manifest list. */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** Whether {@code mediaType} names a single-platform image manifest. */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** Whether {@code mediaType} names a layer (tar, gzip or zstd; OCI or Docker). */
  public static boolean isLayer(String mediaType) {
    return mediaType != null
        && (mediaType.startsWith("application/vnd.oci.image.layer.")
            || mediaType.startsWith("application/vnd.docker.image.rootfs."));
  }

  /** The compression a layer media type declares. */
  public static Compression compressionOf(String layerMediaType) {
    if (layerMediaType.endsWith("+zstd")) {
      return Compression.ZSTD;
    }
    if (layerMediaType.endsWith("gzip")) {
      return Compression.GZIP;
    }
    return Compression.NONE;
  }

  /** The layer media type for {@code compression} in the OCI or Docker family. */
  public static String layerType(Compression compression, boolean docker) {
    return switch (compression) {
      case GZIP -> docker ? DOCKER_LAYER_GZIP : OCI_LAYER_GZIP;
      case ZSTD -> {
        if (docker) {
          throw new IllegalArgumentException("Docker schema 2 has no zstd layer media type");
        }
        yield OCI_LAYER_ZSTD;
      }
      case NONE -> OCI_LAYER_TAR;
    };
  }

  /** Layer compression as media types name it. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD
  }
}
