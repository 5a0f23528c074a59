package dev.stowage.engine.transfer;

import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.storage.ImageNotFoundException;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.NewImage;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import java.time.Instant;
import java.util.List;
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

  /**
   * Like {@link #find} but fails naming the stores searched.
   *
   * @throws ImageNotFoundException when no store has the image
   */
  public static ResolvedImage require(StoreSet stores, String text) {
    return find(stores, text)
        .orElseThrow(
            () ->
                new ImageNotFoundException(
                    text,
                    stores.stores().stream().map(s -> s.root().toString()).toList().toString()));
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

  /**
   * Gives {@code image} the name {@code name} (already normalised): a tag when it lives in our
   * store; for an image of a read-only store, a record in our store that shares its layers in place
   * (nothing is copied, nothing written to the other store).
   */
  public static ImageRecord name(StoreSet stores, ResolvedImage image, String name) {
    if (!image.store().readOnly()) {
      return stores.primary().tag(image.id(), name);
    }
    LayerId top =
        image
            .image()
            .topLayer()
            .map(LayerId::new)
            .orElseThrow(() -> new TransferException("image " + image.id() + " has no layers"));
    return stores.createImage(
        NewImage.of(
            stores.config(image), stores.manifest(image), List.of(name), top, Instant.now()));
  }
}
