package dev.stowage.engine.parity;

import java.util.List;

/**
 * One layer as its overlay {@code diff/} holds it: entries parents first, names sorted, whiteouts
 * as entries of type {@code whiteout}, opaque directories flagged.
 */
public record LayerListing(String diffId, List<FileEntry> entries) {

  public LayerListing {
    entries = List.copyOf(entries);
  }
}
