package dev.stowage.engine.parity;

import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a layer does to the filesystem below it: the paths it adds or changes (with their new
 * entries) and the paths it removes. Unlike the layer's raw listing this does not depend on how an
 * engine spells a change — an opaque directory or one whiteout per child, a parent directory copied
 * up unchanged or not — so two engines' layers can be compared.
 */
public record LayerEffect(SortedMap<String, FileEntry> changed, SortedSet<String> removed) {

  public LayerEffect {
    changed = new TreeMap<>(changed);
    removed = new TreeSet<>(removed);
  }

  /** The effect of going from {@code before} to {@code after}. */
  static LayerEffect between(
      SortedMap<String, FileEntry> before, SortedMap<String, FileEntry> after) {
    SortedMap<String, FileEntry> changed = new TreeMap<>();
    after.forEach(
        (path, entry) -> {
          if (!entry.equals(before.get(path))) {
            changed.put(path, entry);
          }
        });
    SortedSet<String> removed = new TreeSet<>(before.keySet());
    removed.removeAll(after.keySet());
    return new LayerEffect(changed, removed);
  }

  public boolean isEmpty() {
    return changed.isEmpty() && removed.isEmpty();
  }
}
