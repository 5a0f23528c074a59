package dev.stowage.engine.transfer;

import dev.stowage.engine.image.Digest;
import java.util.List;

/**
 * What a push or export wrote: the manifest digest, {@code name:tag@digest} for every tag it was
 * written under, and the image size (config plus layers).
 */
public record PushResult(Digest digest, List<String> references, long size) {

  public PushResult {
    references = List.copyOf(references);
  }
}
