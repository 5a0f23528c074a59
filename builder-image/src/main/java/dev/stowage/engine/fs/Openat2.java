package dev.stowage.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Linux {@code openat2(2)} (kernel 5.6+): opening a path with the kernel enforcing how it may be
 * resolved, e.g. never above a root directory. {@link #isAvailable()} says whether this kernel and
 * seccomp profile allow it.
 */
public final class Openat2 {

  /** Fail if resolution crosses a mount point. */
  public static final long RESOLVE_NO_XDEV = 0x01;

  /** Refuse {@code /proc/self/fd}-style magic links. */
  public static final long RESOLVE_NO_MAGICLINKS = 0x02;

  /** Refuse every symlink. */
  public static final long RESOLVE_NO_SYMLINKS = 0x04;

  /** Fail with EXDEV when resolution would leave the directory. */
  public static final long RESOLVE_BENEATH = 0x08;

  /** Resolve as if the directory were the root: {@code ..} and absolute links stay inside. */
  public static final long RESOLVE_IN_ROOT = 0x10;

  public static final int O_RDONLY = 0;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;

  private static volatile Boolean available;

  private Openat2() {}

  /** Whether {@code openat2} works here (false on old kernels or when seccomp blocks it). */
  public static boolean isAvailable() {
    Boolean known = available;
    if (known == null) {
      known = probe();
      available = known;
    }
    return known;
  }

  private static boolean probe() {
    try {
      close(open(Libc.AT_FDCWD, "/", O_PATH | O_CLOEXEC, 0, RESOLVE_NO_MAGICLINKS));
      return true;
    } catch (PosixException e) {
      return false;
    }
  }

  /** {@code openat2(dirfd, path, {flags, mode, resolve})}; returns the new file descriptor. */
  public static int open(int dirfd, String path, long flags, long mode, long resolve)
      throws PosixException {
    try (var arena = java.lang.foreign.Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoHolder(arena);
      MemorySegment how = arena.allocate(24, 8);
      how.set(JAVA_LONG, 0, flags);
      how.set(JAVA_LONG, 8, mode);
      how.set(JAVA_LONG, 16, resolve);
      long fd =
          (long)
              Libc.SyscallOpenat2.HANDLE.invoke(
                  errno, Libc.SYS_OPENAT2, (long) dirfd, Libc.cString(arena, path), how, 24L);
      if (fd < 0) {
        throw Libc.failure(errno, "openat2", path);
      }
      return (int) fd;
    } catch (PosixException | RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  /**
   * Resolves {@code path} inside {@code root} with the kernel's help and returns where it leads (an
   * existing file). {@code resolve} is typically {@code RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS}
   * (chroot semantics) or {@code RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS} (fail instead of
   * clamping).
   */
  public static Path resolve(Path root, String path, long resolve, boolean followFinal)
      throws PosixException {
    int rootFd = open(Libc.AT_FDCWD, root.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0);
    try {
      String relative = path.isEmpty() ? "." : path;
      long flags = O_PATH | O_CLOEXEC | (followFinal ? 0 : O_NOFOLLOW);
      int fd = open(rootFd, relative, flags, 0, resolve);
      try {
        return Path.of(Posix.readlink(Path.of("/proc/self/fd/" + fd)));
      } finally {
        close(fd);
      }
    } finally {
      close(rootFd);
    }
  }

  private static void close(int fd) throws PosixException {
    Posix.close(fd);
  }
}
