package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileType;
import java.util.TreeSet;

/**
 * Tells what a RUN step changed by comparing a snapshot taken before it with one taken after, for
 * the {@code native} storage driver (no overlay mount to record changes for us).
 */
public final class TreeDiff {

  private TreeDiff() {}

  /** The changes that turn {@code before} into {@code after}. */
  public static Changes between(Snapshot before, Snapshot after) {
    TreeSet<String> changed = new TreeSet<>();
    TreeSet<String> deleted = new TreeSet<>();
    for (var e : after.entries().entrySet()) {
      FileMeta old = before.get(e.getKey());
      if (old == null || e.getValue().changedFrom(old)) {
        changed.add(e.getKey());
      }
    }
    for (String path : before.entries().keySet()) {
      if (after.get(path) != null) {
        continue;
      }
      int slash = path.lastIndexOf('/');
      if (slash < 0) {
        deleted.add(path);
        continue;
      }
      FileMeta parentNow = after.get(path.substring(0, slash));
      // a gone parent is whited out itself; a parent replaced by a non-directory took it along
      if (parentNow != null && parentNow.type() == FileType.DIRECTORY) {
        deleted.add(path);
      }
    }
    return new Changes(changed, deleted, new TreeSet<>());
  }
}
