package dev.stowage.engine.archive;

import dev.stowage.engine.fs.Errno;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.PosixException;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores the metadata of a tar entry on a file, in the order that keeps every bit. */
final class EntryMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(EntryMetadata.class);

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
        skipOrThrow(x.getKey(), symlink, ex);
      }
    }
    Posix.utimens(p, e.mtime(), e.mtime());
  }

  /**
   * Linux refuses user.* attributes on symlinks, and trusted.* ones without CAP_SYS_ADMIN (which a
   * builder pod lacks); like containers/storage, such attributes are dropped with a warning. A file
   * capability is never dropped silently: the image would break at run time.
   */
  private static void skipOrThrow(String name, boolean symlink, PosixException ex)
      throws PosixException {
    boolean refused = ex.errno() == Errno.EPERM || ex.errno() == Errno.EOPNOTSUPP;
    if (!refused || name.equals("security.capability")) {
      throw ex;
    }
    if (!symlink) {
      LOG.warn("dropping xattr {} of {}: {}", name, ex.path(), ex.errnoName());
    }
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
