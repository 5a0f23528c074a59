package dev.stowage.engine.build;

import dev.stowage.engine.driver.DriverInfo;
import dev.stowage.engine.image.Digest;
import java.util.List;

/**
 * What a build produced: the image id (config digest hex), its manifest digest, the names it got,
 * the number of layers, cache figures, and the storage driver it ran on.
 */
public record BuildResult(
    String imageId,
    Digest manifestDigest,
    List<String> names,
    int layers,
    int cacheHits,
    int cacheMisses,
    long durationMs,
    DriverInfo driver) {

  public BuildResult {
    names = List.copyOf(names);
  }
}
