package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image to record: config and manifest bytes (opaque here; the image id is the config's sha256
 * hex, the image digest the manifest's), names, the top layer and the creation time.
 */
public record NewImage(
    byte[] config,
    byte[] manifest,
    List<String> names,
    LayerId topLayer,
    Instant created,
    Map<String, byte[]> extraBigData) {

  public NewImage {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(manifest, "manifest");
    names = List.copyOf(names);
    for (String name : names) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("blank image name");
      }
    }
    Objects.requireNonNull(topLayer, "topLayer");
    Objects.requireNonNull(created, "created");
    extraBigData = new LinkedHashMap<>(extraBigData);
  }

  public static NewImage of(
      byte[] config, byte[] manifest, List<String> names, LayerId topLayer, Instant created) {
    return new NewImage(config, manifest, names, topLayer, created, Map.of());
  }

  /** The image id: the sha256 hex of the config. */
  public String id() {
    return configDigest().hex();
  }

  public Digest configDigest() {
    return Digest.sha256(config);
  }

  public Digest manifestDigest() {
    return Digest.sha256(manifest);
  }
}
