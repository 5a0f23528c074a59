package dev.stowage.engine.parity;

import java.util.List;

/**
 * What one layer changes, as its overlay {@code diff/} says: entries parents first, names sorted,
 * whiteouts as entries of type {@code whiteout}, opaque directories flagged.
 */
public record LayerListing(String diffId, List<FileEntry> entries) {

  public LayerListing {
    entries = List.copyOf(entries);
  }

  /**
   * The entries that are changes in their own right: everything but plain directories, which a
   * layer carries only as parents of its changes (and engines differ in which parents they copy).
   */
  public List<FileEntry> changes() {
    return entries.stream().filter(e -> !e.isDirectory() || e.opaque()).toList();
  }
}
