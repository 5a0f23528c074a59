package dev.stowage.engine.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * {@code lstat} through the JDK's own file-system calls instead of {@link Posix}'s FFM downcalls:
 * the same {@link FileStat}, for the paths where a short run would otherwise bind libc for one
 * call. The first FFM binding of a JVM costs it some 25 ms (the linker, method handles, classes it
 * spins); a build that the cache serves needs no other.
 */
public final class JdkStat {

  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastAccessTime,lastModifiedTime,ctime";

  private JdkStat() {}

  /** Metadata of {@code path} itself, never of a link target. */
  public static FileStat lstat(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    long rdev = (Long) a.get("rdev");
    return new FileStat(
        (Integer) a.get("mode"),
        Integer.toUnsignedLong((Integer) a.get("uid")),
        Integer.toUnsignedLong((Integer) a.get("gid")),
        (Long) a.get("size"),
        (Long) a.get("ino"),
        (Long) a.get("dev"),
        Integer.toUnsignedLong((Integer) a.get("nlink")),
        major(rdev),
        minor(rdev),
        timespec((FileTime) a.get("lastAccessTime")),
        timespec((FileTime) a.get("lastModifiedTime")),
        timespec((FileTime) a.get("ctime")));
  }

  /** glibc's {@code major} of a {@code dev_t}. */
  static int major(long dev) {
    return (int) (((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L));
  }

  /** glibc's {@code minor} of a {@code dev_t}. */
  static int minor(long dev) {
    return (int) ((dev & 0xffL) | ((dev >>> 12) & 0xffffff00L));
  }

  private static Timespec timespec(FileTime time) {
    Instant instant = time.toInstant();
    return new Timespec(instant.getEpochSecond(), instant.getNano());
  }
}
