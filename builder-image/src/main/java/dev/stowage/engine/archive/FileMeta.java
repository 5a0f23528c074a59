package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileType;
import java.util.Objects;

/**
 * What a snapshot remembers of one path to tell later whether a RUN step changed it: type, mode,
 * owner, size, times in nanoseconds, identity, device numbers, link target and a digest of its
 * extended attributes.
 */
public record FileMeta(
    FileType type,
    int permissions,
    long uid,
    long gid,
    long size,
    long mtimeNanos,
    long ctimeNanos,
    long inode,
    long dev,
    long nlink,
    int rdevMajor,
    int rdevMinor,
    String linkTarget,
    String xattrsDigest) {

  public FileMeta {
    Objects.requireNonNull(type, "type");
    linkTarget = linkTarget == null ? "" : linkTarget;
    xattrsDigest = xattrsDigest == null ? "" : xattrsDigest;
  }

  static FileMeta of(FileStat st, String linkTarget, String xattrsDigest) {
    return new FileMeta(
        st.type(),
        st.permissions(),
        st.uid(),
        st.gid(),
        st.size(),
        st.mtime().toNanos(),
        st.ctime().toNanos(),
        st.inode(),
        st.dev(),
        st.nlink(),
        st.rdevMajor(),
        st.rdevMinor(),
        linkTarget,
        xattrsDigest);
  }

  /**
   * True when the file differs in anything a layer records. The link count is left out: adding a
   * hard link elsewhere changes ctime anyway.
   */
  public boolean changedFrom(FileMeta before) {
    return type != before.type
        || permissions != before.permissions
        || uid != before.uid
        || gid != before.gid
        || size != before.size
        || mtimeNanos != before.mtimeNanos
        || ctimeNanos != before.ctimeNanos
        || inode != before.inode
        || dev != before.dev
        || rdevMajor != before.rdevMajor
        || rdevMinor != before.rdevMinor
        || !linkTarget.equals(before.linkTarget)
        || !xattrsDigest.equals(before.xattrsDigest);
  }
}
