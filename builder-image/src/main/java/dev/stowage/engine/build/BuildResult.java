package dev.stowage.engine.build;

import dev.stowage.engine.image.Digest;
import java.util.List;

/**
 * What a build produced: the image id (config digest hex), its manifest digest, the names it got,
 * the number of layers, and cache figures.
 */
public record BuildResult(
    String imageId,
    Digest manifestDigest,
    List<String> names,
    int layers,
    int cacheHits,
    int cacheMisses,
    long durationMs) {

  public BuildResult {
    names = List.copyOf(names);
  }
}
