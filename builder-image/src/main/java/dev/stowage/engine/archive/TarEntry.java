package dev.stowage.engine.archive;

import dev.stowage.engine.fs.Timespec;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One tar header: the path as written in the archive (not yet checked for safety), type, mode,
 * numeric owner, size, modification time with nanoseconds, link target, device numbers and extended
 * attributes (PAX {@code SCHILY.xattr.*}, raw bytes).
 */
public record TarEntry(
    String name,
    TarEntryType type,
    int mode,
    long uid,
    long gid,
    long size,
    Timespec mtime,
    String linkName,
    int devMajor,
    int devMinor,
    SortedMap<String, byte[]> xattrs) {

  public TarEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mtime, "mtime");
    linkName = linkName == null ? "" : linkName;
    xattrs =
        Collections.unmodifiableSortedMap(xattrs == null ? new TreeMap<>() : new TreeMap<>(xattrs));
    if (size < 0 || (type != TarEntryType.REGULAR && size != 0)) {
      throw new IllegalArgumentException("bad size " + size + " for " + type + " " + name);
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative owner for " + name);
    }
    mode &= 07777;
  }

  /** A regular file of {@code size} bytes. */
  public static TarEntry file(String name, int mode, long size) {
    return new TarEntry(
        name, TarEntryType.REGULAR, mode, 0, 0, size, Timespec.EPOCH, "", 0, 0, null);
  }

  /** A directory. */
  public static TarEntry directory(String name, int mode) {
    return new TarEntry(
        name, TarEntryType.DIRECTORY, mode, 0, 0, 0, Timespec.EPOCH, "", 0, 0, null);
  }

  /** A symlink to {@code target}. */
  public static TarEntry symlink(String name, String target) {
    return new TarEntry(
        name, TarEntryType.SYMLINK, 0777, 0, 0, 0, Timespec.EPOCH, target, 0, 0, null);
  }

  /** A hard link to the earlier entry {@code target}. */
  public static TarEntry hardlink(String name, String target) {
    return new TarEntry(
        name, TarEntryType.HARDLINK, 0644, 0, 0, 0, Timespec.EPOCH, target, 0, 0, null);
  }

  public TarEntry withOwner(long newUid, long newGid) {
    return new TarEntry(
        name, type, mode, newUid, newGid, size, mtime, linkName, devMajor, devMinor, xattrs);
  }

  public TarEntry withMtime(Timespec newMtime) {
    return new TarEntry(
        name, type, mode, uid, gid, size, newMtime, linkName, devMajor, devMinor, xattrs);
  }

  public TarEntry withXattrs(SortedMap<String, byte[]> newXattrs) {
    return new TarEntry(
        name, type, mode, uid, gid, size, mtime, linkName, devMajor, devMinor, newXattrs);
  }

  public TarEntry withDevice(int major, int minor) {
    return new TarEntry(name, type, mode, uid, gid, size, mtime, linkName, major, minor, xattrs);
  }
}
