package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code stowage images} lists: id, names, manifest digest, top layer, creation time, size
 * (sum of the layers' uncompressed sizes, -1 when a layer is missing) and the store it lives in.
 */
public record ImageSummary(
    String id,
    List<String> names,
    Optional<Digest> digest,
    Optional<String> topLayer,
    Optional<Instant> created,
    long size,
    Path store,
    boolean readOnly) {

  public ImageSummary {
    names = List.copyOf(names);
  }
}
