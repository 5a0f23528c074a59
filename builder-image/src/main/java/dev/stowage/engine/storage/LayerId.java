package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** A layer's id in a store: 64 hex digits, derived from its DiffID and its parent's id. */
public record LayerId(String hex) {

  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public LayerId {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a layer id (want 64 lower-case hex): " + hex);
    }
  }

  /**
   * The id podman and buildah give a layer: the DiffID hex for a base layer, else the sha256 of
   * {@code parentId + "+" + diffIdHex}, so the same content on the same parent shares one layer.
   */
  public static LayerId derive(Optional<LayerId> parent, Digest diffId) {
    if (parent.isEmpty()) {
      return new LayerId(diffId.hex());
    }
    String seed = parent.get().hex() + "+" + diffId.hex();
    return new LayerId(Digest.sha256(seed.getBytes(StandardCharsets.UTF_8)).hex());
  }

  @Override
  public String toString() {
    return hex;
  }
}
