package dev.stowage.engine.transfer;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.storage.ResolvedLayer;
import java.util.Optional;

/** Says when a destination already holds a stored layer's compressed blob, so none is written. */
@FunctionalInterface
interface LayerReuse {

  /** Never reuse: every layer is written from its {@code diff/}. */
  LayerReuse NONE = (layer, docker) -> Optional.empty();

  /**
   * The descriptor to use for {@code layer} as the destination holds it, or empty to write it.
   *
   * @param docker whether the manifest is Docker schema 2 (its media types must fit)
   */
  Optional<Descriptor> existing(ResolvedLayer layer, boolean docker);

  /**
   * The descriptor of the blob an earlier push of ours made of {@code layer}, when the store
   * recorded it with the compression {@code compression} and the destination holds it; else empty.
   *
   * @param mediaType the layer media type this push writes
   */
  default Optional<Descriptor> pushedBefore(
      ResolvedLayer layer, String mediaType, MediaTypes.Compression compression) {
    return Optional.empty();
  }
}
