package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.SafePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Phase two of applying a layer onto a root that already holds lower layers: whiteouts and opaque
 * markers delete, then the staged entries are renamed into place. Paths in the root are resolved
 * with chroot semantics ({@link SafePath}), so symlinks from lower layers stay inside the root. The
 * staged layer was fully checked in phase one, so nothing here depends on hostile input.
 */
final class Merger {

  private final Path stage;
  private final Path root;
  private final Stager staged;
  private final boolean ownership;

  Merger(Path stage, Path root, Stager staged, boolean ownership) {
    this.stage = stage;
    this.root = root;
    this.staged = staged;
    this.ownership = ownership;
  }

  void merge() throws IOException {
    for (String dir : staged.opaqueDirs()) {
      Path target = SafePath.resolve(root, dir);
      FileStat st = Posix.lstatIfExists(target);
      if (st != null && st.isDirectory()) {
        FileTrees.deleteContents(target);
      }
    }
    for (String w : staged.whiteouts()) {
      FileTrees.delete(SafePath.resolveParent(root, w));
    }
    mergeDirectory(stage, "");
    if (staged.rootEntry() != null) {
      EntryMetadata.apply(staged.rootEntry(), root, ownership);
    }
  }

  private void mergeDirectory(Path dir, String relative) throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = new ArrayList<>(list.toList());
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path source : children) {
      String rel =
          relative.isEmpty()
              ? source.getFileName().toString()
              : relative + "/" + source.getFileName();
      Path target = SafePath.resolveParent(root, rel);
      FileStat existing = Posix.lstatIfExists(target);
      FileStat incoming = Posix.lstat(source);
      if (existing == null) {
        move(source, target);
      } else if (incoming.isDirectory() && existing.isDirectory()) {
        mergeDirectory(source, rel);
        TarEntry entry = staged.dirEntries().get(rel);
        if (entry != null) {
          EntryMetadata.replaceXattrs(entry, target);
          EntryMetadata.apply(entry, target, ownership);
        }
      } else if (incoming.isDirectory()
          && existing.isSymlink()
          && staged.implicitDirs().contains(rel)
          && isDirectory(SafePath.resolve(root, rel))) {
        // the layer only passes through here (no entry of its own): follow the lower symlink,
        // as Docker does when it applies a layer inside a chroot
        mergeDirectory(source, rel);
      } else {
        FileTrees.delete(target);
        move(source, target);
      }
    }
  }

  private static boolean isDirectory(Path p) throws IOException {
    FileStat st = Posix.lstatIfExists(p);
    return st != null && st.isDirectory();
  }

  private static void move(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
