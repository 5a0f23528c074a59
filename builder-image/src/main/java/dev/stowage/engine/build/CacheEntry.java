package dev.stowage.engine.build;

import dev.stowage.engine.image.ImageConfig;
import java.util.Optional;

/** What a cached step produced: the top layer after it and the config after it. */
record CacheEntry(Optional<String> topLayer, ImageConfig config) {

  ImageState state() {
    return new ImageState(topLayer, config);
  }
}
