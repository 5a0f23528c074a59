package dev.stowage.engine.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/** Downcall handles into the C library, each capturing {@code errno}. */
@SuppressWarnings("restricted") // binding libc is the point of this class
final class Libc {

  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_EMPTY_PATH = 0x1000;
  static final int STATX_BASIC_STATS = 0x7ff;
  static final long SYS_OPENAT2 = 437;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

  // Each handle lives in its own holder class, initialised on its first call: binding a handle
  // spins method handles and a native stub (~10 ms each, more when interpreted), and most runs
  // need two or three of these, never all.

  static final class Statx {
    static final MethodHandle HANDLE =
        bind(
            "statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
  }

  static final class Lchown {
    static final MethodHandle HANDLE =
        bind("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  }

  static final class Fchmodat {
    static final MethodHandle HANDLE =
        bind("fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  }

  static final class Mknod {
    static final MethodHandle HANDLE =
        bind("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
  }

  static final class Symlink {
    static final MethodHandle HANDLE =
        bind("symlink", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  static final class Readlink {
    static final MethodHandle HANDLE =
        bind("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  }

  static final class Link {
    static final MethodHandle HANDLE =
        bind("link", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  static final class Utimensat {
    static final MethodHandle HANDLE =
        bind("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  }

  static final class Lgetxattr {
    static final MethodHandle HANDLE =
        bind("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
  }

  static final class Lsetxattr {
    static final MethodHandle HANDLE =
        bind(
            "lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  }

  static final class Llistxattr {
    static final MethodHandle HANDLE =
        bind("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  }

  static final class Lremovexattr {
    static final MethodHandle HANDLE =
        bind("lremovexattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  static final class Close {
    static final MethodHandle HANDLE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  static final class Mount {
    static final MethodHandle HANDLE =
        bind(
            "mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
  }

  static final class Umount2 {
    static final MethodHandle HANDLE =
        bind("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  }

  /** {@code syscall(nr, a, b, c, d, e)} for the new mount API, which older libcs do not wrap. */
  static final class Syscall5 {
    static final MethodHandle HANDLE =
        bindVariadic(
            "syscall",
            FunctionDescriptor.of(
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            1);
  }

  static final class SyscallOpenat2 {
    static final MethodHandle HANDLE =
        bindVariadic(
            "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            1);
  }

  static final class Strerror {
    static final MethodHandle HANDLE =
        LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
  }

  private Libc() {}

  private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE);
  }

  private static MethodHandle bindVariadic(String name, FunctionDescriptor fd, int firstVariadic) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().findOrThrow(name),
        fd,
        CAPTURE,
        Linker.Option.firstVariadicArg(firstVariadic));
  }

  /** A segment to pass as the first argument of every handle; read errno from it afterwards. */
  static MemorySegment errnoHolder(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  static int errno(MemorySegment holder) {
    return (int) ERRNO.get(holder, 0L);
  }

  static MemorySegment cString(Arena arena, String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("NUL byte in " + s.replace('\0', '?'));
    }
    return arena.allocateFrom(s, StandardCharsets.UTF_8);
  }

  static PosixException failure(MemorySegment holder, String call, String path) {
    int errno = errno(holder);
    return new PosixException(errno, call, path, describe(errno));
  }

  @SuppressWarnings("restricted")
  static String describe(int errno) {
    try {
      MemorySegment s = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
      return s.reinterpret(4096).getString(0, StandardCharsets.UTF_8);
    } catch (Throwable t) {
      return "unknown error";
    }
  }

  /** Rethrows what a downcall can throw besides errors reported through errno. */
  static RuntimeException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
