package dev.stowage.engine.transfer;

import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import java.util.Optional;

/**
 * Finds images in the stores by what a user types: an id, id prefix or digest, a stored name, or a
 * short name that normalises to one ({@code busybox} is {@code docker.io/library/busybox:latest}).
 */
public final class LocalImages {

  private LocalImages() {}

  /** The image {@code text} names in the first store that has it. */
  public static Optional<ResolvedImage> find(StoreSet stores, String text) {
    Optional<ResolvedImage> exact = stores.findImage(text);
    if (exact.isPresent()) {
      return exact;
    }
    Optional<String> normalised = normalise(text);
    if (normalised.isPresent() && !normalised.get().equals(text)) {
      return stores.findImage(normalised.get());
    }
    return Optional.empty();
  }

  /** The name podman would store for {@code text}, or empty when it is no image reference. */
  public static Optional<String> normalise(String text) {
    try {
      return Optional.of(storedName(ImageReference.parse(text)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code name:tag}, or {@code name@digest} for a reference by digest alone. */
  public static String storedName(ImageReference ref) {
    return ref.tag() != null ? ref.name() + ":" + ref.tag() : ref.name() + "@" + ref.digest();
  }
}
