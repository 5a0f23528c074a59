package dev.stowage.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The POSIX file operations the JDK lacks (ownership without following links, device nodes,
 * nanosecond times, full {@code lstat}), as FFM downcalls into libc.
 */
public final class Posix {

  private static final long STATX_SIZE = 256;

  private Posix() {}

  /**
   * {@code statx(AT_SYMLINK_NOFOLLOW)}: metadata of {@code path} itself, never of a link target.
   */
  public static FileStat lstat(Path path) throws PosixException {
    return statx(path, Libc.AT_SYMLINK_NOFOLLOW, "lstat");
  }

  /** Like {@link #lstat} but follows a final symlink. */
  public static FileStat stat(Path path) throws PosixException {
    return statx(path, 0, "stat");
  }

  /** {@link #lstat}, or null when nothing exists at {@code path}. */
  public static FileStat lstatIfExists(Path path) throws PosixException {
    try {
      return lstat(path);
    } catch (PosixException e) {
      if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
        return null;
      }
      throw e;
    }
  }

  private static FileStat statx(Path path, int flags, String call) throws PosixException {
    String p = path.toString();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoHolder(arena);
      MemorySegment buf = arena.allocate(STATX_SIZE, 8);
      int rc =
          (int)
              Libc.Statx.HANDLE.invoke(
                  errno, Libc.AT_FDCWD, Libc.cString(arena, p), flags, Libc.STATX_BASIC_STATS, buf);
      if (rc != 0) {
        throw Libc.failure(errno, call, p);
      }
      return new FileStat(
          Short.toUnsignedInt(buf.get(JAVA_SHORT, 28)),
          Integer.toUnsignedLong(buf.get(JAVA_INT, 20)),
          Integer.toUnsignedLong(buf.get(JAVA_INT, 24)),
          buf.get(JAVA_LONG, 40),
          buf.get(JAVA_LONG, 32),
          makedev(buf.get(JAVA_INT, 136), buf.get(JAVA_INT, 140)),
          Integer.toUnsignedLong(buf.get(JAVA_INT, 16)),
          buf.get(JAVA_INT, 128),
          buf.get(JAVA_INT, 132),
          timestamp(buf, 64),
          timestamp(buf, 112),
          timestamp(buf, 96));
    } catch (PosixException | RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  private static Timespec timestamp(MemorySegment buf, long offset) {
    return new Timespec(buf.get(JAVA_LONG, offset), buf.get(JAVA_INT, offset + 8));
  }

  /** glibc's {@code makedev}. */
  public static long makedev(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0xfffff000L) << 32)
        | ((ma & 0xfffL) << 8)
        | ((mi & 0xffffff00L) << 12)
        | (mi & 0xffL);
  }

  /** {@code lchown}: changes the owner of {@code path} itself (a symlink is not followed). */
  public static void lchown(Path path, long uid, long gid) throws PosixException {
    String p = path.toString();
    call(
        "lchown",
        p,
        (arena, errno) ->
            (int) Libc.Lchown.HANDLE.invoke(errno, Libc.cString(arena, p), (int) uid, (int) gid));
  }

  /**
   * {@code fchmodat(AT_SYMLINK_NOFOLLOW)}: sets all 12 permission bits (setuid, setgid and sticky
   * included). Linux has no modes on symlinks, so a symlink is left alone.
   */
  public static void chmod(Path path, int permissions) throws PosixException {
    String p = path.toString();
    try {
      fchmodat(p, permissions, Libc.AT_SYMLINK_NOFOLLOW);
    } catch (PosixException e) {
      if (e.errno() != Errno.EOPNOTSUPP) {
        throw e;
      }
      // glibc answers EOPNOTSUPP for a symlink (which has no mode on Linux), and also when it
      // cannot emulate the flag because /proc is not mounted: then the plain call is safe
      if (!lstat(path).isSymlink()) {
        fchmodat(p, permissions, 0);
      }
    }
  }

  private static void fchmodat(String p, int permissions, int flags) throws PosixException {
    call(
        "fchmodat",
        p,
        (arena, errno) ->
            (int)
                Libc.Fchmodat.HANDLE.invoke(
                    errno, Libc.AT_FDCWD, Libc.cString(arena, p), permissions & 07777, flags));
  }

  /** {@code mknod}: a character or block device, a FIFO, or a regular file. */
  public static void mknod(Path path, FileType type, int permissions, int major, int minor)
      throws PosixException {
    if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
      throw new IllegalArgumentException("mknod cannot create a " + type);
    }
    String p = path.toString();
    int mode = type.bits() | (permissions & 07777);
    long dev = makedev(major, minor);
    call(
        "mknod",
        p,
        (arena, errno) -> (int) Libc.Mknod.HANDLE.invoke(errno, Libc.cString(arena, p), mode, dev));
  }

  /** A FIFO (named pipe). */
  public static void mkfifo(Path path, int permissions) throws PosixException {
    mknod(path, FileType.FIFO, permissions, 0, 0);
  }

  /** The char 0/0 device overlayfs reads as "deleted in this layer". */
  public static void mkOverlayWhiteout(Path path) throws PosixException {
    mknod(path, FileType.CHAR_DEVICE, 0, 0, 0);
  }

  /** {@code symlink}: creates {@code link} pointing at {@code target} (stored verbatim). */
  public static void symlink(String target, Path link) throws PosixException {
    String p = link.toString();
    call(
        "symlink",
        p,
        (arena, errno) ->
            (int)
                Libc.Symlink.HANDLE.invoke(
                    errno, Libc.cString(arena, target), Libc.cString(arena, p)));
  }

  /** {@code readlink}: the target of a symlink, exactly as stored. */
  public static String readlink(Path link) throws PosixException {
    String p = link.toString();
    for (long size = 256; ; size *= 4) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment errno = Libc.errnoHolder(arena);
        MemorySegment buf = arena.allocate(size);
        long n = (long) Libc.Readlink.HANDLE.invoke(errno, Libc.cString(arena, p), buf, size);
        if (n < 0) {
          throw Libc.failure(errno, "readlink", p);
        }
        if (n < size) {
          return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
      } catch (PosixException | RuntimeException e) {
        throw e;
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
    }
  }

  /** {@code link}: a hard link {@code newLink} to {@code existing} (a symlink is not followed). */
  public static void link(Path existing, Path newLink) throws PosixException {
    String e = existing.toString();
    String n = newLink.toString();
    call(
        "link",
        n,
        (arena, errno) ->
            (int) Libc.Link.HANDLE.invoke(errno, Libc.cString(arena, e), Libc.cString(arena, n)));
  }

  /** {@code utimensat(AT_SYMLINK_NOFOLLOW)}: access and modification times in nanoseconds. */
  public static void utimens(Path path, Timespec atime, Timespec mtime) throws PosixException {
    String p = path.toString();
    call(
        "utimensat",
        p,
        (arena, errno) -> {
          MemorySegment times = arena.allocate(32, 8);
          times.set(JAVA_LONG, 0, atime.seconds());
          times.set(JAVA_LONG, 8, atime.nanos());
          times.set(JAVA_LONG, 16, mtime.seconds());
          times.set(JAVA_LONG, 24, mtime.nanos());
          return (int)
              Libc.Utimensat.HANDLE.invoke(
                  errno, Libc.AT_FDCWD, Libc.cString(arena, p), times, Libc.AT_SYMLINK_NOFOLLOW);
        });
  }

  /** {@code close}. */
  public static void close(int fd) throws PosixException {
    call("close", "fd " + fd, (arena, errno) -> (int) Libc.Close.HANDLE.invoke(errno, fd));
  }

  @FunctionalInterface
  interface NativeCall {
    int invoke(Arena arena, MemorySegment errno) throws Throwable;
  }

  static void call(String name, String path, NativeCall call) throws PosixException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoHolder(arena);
      if (call.invoke(arena, errno) != 0) {
        throw Libc.failure(errno, name, path);
      }
    } catch (PosixException | RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }
}
