package dev.stowage.engine.fs;

/**
 * What {@code lstat} reports about a file: type, permission bits, owner, size, identity and times.
 *
 * @param mode the full {@code st_mode} (type and permission bits)
 * @param dev the device holding the file, as {@code makedev(major, minor)}
 */
public record FileStat(
    int mode,
    long uid,
    long gid,
    long size,
    long inode,
    long dev,
    long nlink,
    int rdevMajor,
    int rdevMinor,
    Timespec atime,
    Timespec mtime,
    Timespec ctime) {

  public FileType type() {
    return FileType.ofMode(mode);
  }

  /** The permission bits including setuid, setgid and sticky ({@code mode & 07777}). */
  public int permissions() {
    return mode & 07777;
  }

  public boolean isDirectory() {
    return type() == FileType.DIRECTORY;
  }

  public boolean isRegularFile() {
    return type() == FileType.REGULAR;
  }

  public boolean isSymlink() {
    return type() == FileType.SYMLINK;
  }

  /** The device number this file stands for (devices only), as {@code makedev}. */
  public long rdev() {
    return Posix.makedev(rdevMajor, rdevMinor);
  }

  /** True for the char 0/0 device overlayfs uses as a whiteout. */
  public boolean isOverlayWhiteout() {
    return type() == FileType.CHAR_DEVICE && rdevMajor == 0 && rdevMinor == 0;
  }
}
