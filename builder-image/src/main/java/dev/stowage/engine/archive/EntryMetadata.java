package dev.stowage.engine.archive;

import dev.stowage.engine.fs.Errno;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.PosixException;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.file.Path;

/** Restores the metadata of a tar entry on a file, in the order that keeps every bit. */
final class EntryMetadata {

  private EntryMetadata() {}

  /**
   * Owner first (chown clears setuid bits and file capabilities), then mode, then xattrs, then
   * times last (every other change touches them).
   */
  static void apply(TarEntry e, Path p, boolean ownership) throws IOException {
    boolean symlink = e.type() == TarEntryType.SYMLINK;
    if (ownership) {
      Posix.lchown(p, e.uid(), e.gid());
    }
    if (!symlink) {
      Posix.chmod(p, e.mode());
    }
    for (var x : e.xattrs().entrySet()) {
      try {
        Xattrs.set(p, x.getKey(), x.getValue());
      } catch (PosixException ex) {
        // Linux refuses user.* attributes on symlinks; nothing could carry them
        if (!(symlink && ex.errno() == Errno.EPERM)) {
          throw ex;
        }
      }
    }
    Posix.utimens(p, e.mtime(), e.mtime());
  }

  /** Makes the xattrs of {@code p} exactly those of the entry (a layer's directory replaces). */
  static void replaceXattrs(TarEntry e, Path p) throws IOException {
    for (String name : Xattrs.list(p)) {
      if (!e.xattrs().containsKey(name)) {
        Xattrs.remove(p, name);
      }
    }
  }
}
