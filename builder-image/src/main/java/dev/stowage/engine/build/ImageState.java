package dev.stowage.engine.build;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The image a stage has built so far: its top layer (none for {@code scratch} before the first
 * layer) and its config.
 */
record ImageState(Optional<String> topLayer, ImageConfig config) {

  ImageState {
    Objects.requireNonNull(topLayer, "topLayer");
    Objects.requireNonNull(config, "config");
  }

  /**
   * What later steps depend on, without the times: the layer stack and the config minus created
   * times and history. Two states with this digest equal build the same way.
   */
  Digest contentDigest() {
    byte[] cfg = config.withCreated(null).withHistory(List.of()).toBytes();
    String text = topLayer.orElse("-") + "\n" + new String(cfg, StandardCharsets.UTF_8);
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
