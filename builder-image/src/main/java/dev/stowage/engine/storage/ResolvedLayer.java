package dev.stowage.engine.storage;

import java.nio.file.Path;

/** A layer found in one of the stores, with the directory that holds its content. */
public record ResolvedLayer(LayerRecord layer, ImageStore store, Path diffDirectory) {

  public String id() {
    return layer.id();
  }
}
