package dev.stowage.engine.parity;

import dev.stowage.engine.storage.StoreSet;

/** An image some builder made, and the stores to read it from. */
public record BuiltImage(String builder, String reference, StoreSet stores) {

  /** The image's listing. */
  public ImageListing listing() {
    return ImageListing.of(stores, reference);
  }
}
