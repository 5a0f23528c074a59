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

  static final MethodHandle STATX =
      bind(
          "statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
  static final MethodHandle LCHOWN =
      bind("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  static final MethodHandle FCHMODAT =
      bind("fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  static final MethodHandle MKNOD =
      bind("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
  static final MethodHandle SYMLINK =
      bind("symlink", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  static final MethodHandle READLINK =
      bind("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  static final MethodHandle LINK = bind("link", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  static final MethodHandle UTIMENSAT =
      bind("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle LGETXATTR =
      bind("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
  static final MethodHandle LSETXATTR =
      bind(
          "lsetxattr",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  static final MethodHandle LLISTXATTR =
      bind("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  static final MethodHandle LREMOVEXATTR =
      bind("lremovexattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  static final MethodHandle MOUNT =
      bind("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
  static final MethodHandle UMOUNT2 =
      bind("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

  /** {@code syscall(nr, a, b, c, d, e)} for the new mount API, which older libcs do not wrap. */
  static final MethodHandle SYSCALL5 =
      bindVariadic(
          "syscall",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
          1);

  static final MethodHandle SYSCALL_OPENAT2 =
      bindVariadic(
          "syscall",
          FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
          1);
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(
          LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

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
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
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
