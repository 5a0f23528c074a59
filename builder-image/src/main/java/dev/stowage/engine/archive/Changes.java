package dev.stowage.engine.archive;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a layer must record: paths added or modified, paths deleted (each becomes a {@code .wh.}
 * whiteout; only the topmost of a deleted subtree is listed), and directories whose lower content
 * is hidden entirely ({@code .wh..wh..opq}). Paths are relative, without leading slash.
 */
public record Changes(
    SortedSet<String> changed, SortedSet<String> deleted, SortedSet<String> opaqueDirs) {

  public Changes {
    changed = Collections.unmodifiableSortedSet(new TreeSet<>(changed));
    deleted = Collections.unmodifiableSortedSet(new TreeSet<>(deleted));
    opaqueDirs = Collections.unmodifiableSortedSet(new TreeSet<>(opaqueDirs));
    for (var set : java.util.List.of(changed, deleted, opaqueDirs)) {
      for (String p : set) {
        if (p.isEmpty() || p.startsWith("/") || p.endsWith("/")) {
          throw new IllegalArgumentException("not a clean relative path: '" + p + "'");
        }
        for (String c : p.split("/")) {
          if (c.isEmpty() || c.equals(".") || c.equals("..")) {
            throw new IllegalArgumentException("not a clean relative path: '" + p + "'");
          }
        }
      }
    }
  }

  public boolean isEmpty() {
    return changed.isEmpty() && deleted.isEmpty() && opaqueDirs.isEmpty();
  }
}
