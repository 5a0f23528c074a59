package dev.stowage.engine.fs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounting and unmounting (FFM into libc): bind mounts, tmpfs, and overlay file systems, the last
 * through the new mount API when the lower directories do not fit into one page of mount options.
 * Mounts act on the calling thread's mount namespace, which the engine's threads share.
 */
public final class Mounts {

  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_REMOUNT = 32;
  public static final long MS_BIND = 4096;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1 << 18;

  public static final int MNT_DETACH = 2;

  /** The kernel copies at most one page of mount options. */
  static final int OPTIONS_LIMIT = 4095;

  private static final long SYS_MOVE_MOUNT = 429;
  private static final long SYS_FSOPEN = 430;
  private static final long SYS_FSCONFIG = 431;
  private static final long SYS_FSMOUNT = 432;
  private static final int FSOPEN_CLOEXEC = 1;
  private static final int FSCONFIG_SET_FLAG = 0;
  private static final int FSCONFIG_SET_STRING = 1;
  private static final int FSCONFIG_CMD_CREATE = 6;
  private static final int FSMOUNT_CLOEXEC = 1;
  private static final int MOVE_MOUNT_F_EMPTY_PATH = 4;

  private Mounts() {}

  /** {@code mount(2)}; {@code source}, {@code type} and {@code data} may be null. */
  public static void mount(String source, Path target, String type, long flags, String data)
      throws PosixException {
    String t = target.toString();
    Posix.call(
        "mount",
        t,
        (arena, errno) ->
            (int)
                Libc.Mount.HANDLE.invoke(
                    errno,
                    string(arena, source),
                    Libc.cString(arena, t),
                    string(arena, type),
                    flags,
                    string(arena, data)));
  }

  /** {@code umount2(2)}. */
  public static void unmount(Path target, int flags) throws PosixException {
    String t = target.toString();
    Posix.call(
        "umount2",
        t,
        (arena, errno) -> (int) Libc.Umount2.HANDLE.invoke(errno, Libc.cString(arena, t), flags));
  }

  /**
   * An overlay file system at {@code target}: {@code lowers} top-most first, {@code upper} and
   * {@code work} on one file system, and {@code options} (e.g. {@code index=off}) as given. Uses
   * {@code mount(2)} when the options fit into a page, else {@code fsconfig}'s {@code lowerdir+}
   * (Linux 6.8), which takes one lower directory per call.
   */
  public static void overlay(
      List<Path> lowers, Path upper, Path work, List<String> options, Path target)
      throws PosixException {
    String data = overlayOptions(lowers, upper, work, options);
    if (data.length() <= OPTIONS_LIMIT) {
      mount("overlay", target, "overlay", 0, data);
      return;
    }
    overlayByFsconfig(lowers, upper, work, options, target);
  }

  /**
   * The {@code mount(2)} option string of an overlay. Paths may not hold the characters the option
   * syntax reserves ({@code , : \}).
   */
  public static String overlayOptions(
      List<Path> lowers, Path upper, Path work, List<String> options) {
    if (lowers.isEmpty()) {
      throw new IllegalArgumentException("an overlay needs at least one lower directory");
    }
    StringBuilder s = new StringBuilder("lowerdir=");
    for (int i = 0; i < lowers.size(); i++) {
      s.append(i == 0 ? "" : ":").append(checked(lowers.get(i)));
    }
    if (upper != null) {
      s.append(",upperdir=").append(checked(upper)).append(",workdir=").append(checked(work));
    }
    for (String o : options) {
      s.append(',').append(o);
    }
    return s.toString();
  }

  private static String checked(Path p) {
    String s = p.toString();
    if (s.indexOf(',') >= 0 || s.indexOf(':') >= 0 || s.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("overlay paths may not contain ',', ':' or '\\\\': " + s);
    }
    return s;
  }

  private static void overlayByFsconfig(
      List<Path> lowers, Path upper, Path work, List<String> options, Path target)
      throws PosixException {
    String t = target.toString();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoHolder(arena);
      int fs =
          (int)
              check(
                  errno,
                  syscall(errno, SYS_FSOPEN, arena.allocateFrom("overlay"), 0, FSOPEN_CLOEXEC),
                  "fsopen",
                  t);
      try {
        for (Path lower : lowers) {
          fsconfig(arena, errno, fs, "lowerdir+", lower.toString(), t);
        }
        if (upper != null) {
          fsconfig(arena, errno, fs, "upperdir", upper.toString(), t);
          fsconfig(arena, errno, fs, "workdir", work.toString(), t);
        }
        for (String o : options) {
          int eq = o.indexOf('=');
          if (eq < 0) {
            check(
                errno,
                syscall(errno, SYS_FSCONFIG, fs, FSCONFIG_SET_FLAG, arena.allocateFrom(o), 0, 0),
                "fsconfig " + o,
                t);
          } else {
            fsconfig(arena, errno, fs, o.substring(0, eq), o.substring(eq + 1), t);
          }
        }
        check(
            errno,
            syscall(errno, SYS_FSCONFIG, fs, FSCONFIG_CMD_CREATE, 0L, 0L, 0),
            "fsconfig create",
            t);
        int mnt =
            (int) check(errno, syscall(errno, SYS_FSMOUNT, fs, FSMOUNT_CLOEXEC, 0), "fsmount", t);
        try {
          check(
              errno,
              syscall(
                  errno,
                  SYS_MOVE_MOUNT,
                  mnt,
                  arena.allocateFrom(""),
                  Libc.AT_FDCWD,
                  Libc.cString(arena, t),
                  MOVE_MOUNT_F_EMPTY_PATH),
              "move_mount",
              t);
        } finally {
          Posix.close(mnt);
        }
      } finally {
        Posix.close(fs);
      }
    }
  }

  private static void fsconfig(
      Arena arena, MemorySegment errno, int fs, String key, String value, String target)
      throws PosixException {
    check(
        errno,
        syscall(
            errno,
            SYS_FSCONFIG,
            fs,
            FSCONFIG_SET_STRING,
            arena.allocateFrom(key),
            Libc.cString(arena, value),
            0),
        "fsconfig " + key,
        target);
  }

  private static long syscall(MemorySegment errno, long nr, Object... args) {
    long[] a = new long[5];
    for (int i = 0; i < args.length; i++) {
      a[i] =
          switch (args[i]) {
            case MemorySegment m -> m.address();
            case Integer n -> n;
            case Long n -> n;
            default -> throw new IllegalArgumentException("syscall argument " + args[i]);
          };
    }
    try {
      return (long) Libc.Syscall5.HANDLE.invoke(errno, nr, a[0], a[1], a[2], a[3], a[4]);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  private static long check(MemorySegment errno, long rc, String call, String path)
      throws PosixException {
    if (rc < 0) {
      throw Libc.failure(errno, call, path);
    }
    return rc;
  }

  private static MemorySegment string(Arena arena, String s) {
    return s == null ? MemorySegment.NULL : Libc.cString(arena, s);
  }
}
