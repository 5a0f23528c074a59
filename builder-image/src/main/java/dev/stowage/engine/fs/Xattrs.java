package dev.stowage.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Extended attributes of a path itself (the {@code l*xattr} calls never follow a symlink), in any
 * namespace: {@code user.}, {@code trusted.}, {@code security.} (e.g. {@code security.capability}).
 */
public final class Xattrs {

  private static final int XATTR_MAX = 65536;

  private Xattrs() {}

  /** The value of {@code name}, or null when the path has no such attribute. */
  public static byte[] get(Path path, String name) throws PosixException {
    String p = path.toString();
    for (long size = 256; ; size = Math.min(size * 16, XATTR_MAX)) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment errno = Libc.errnoHolder(arena);
        MemorySegment buf = arena.allocate(size);
        long n =
            (long)
                Libc.Lgetxattr.HANDLE.invoke(
                    errno, Libc.cString(arena, p), Libc.cString(arena, name), buf, size);
        if (n >= 0) {
          return buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
        int e = Libc.errno(errno);
        if (e == Errno.ENODATA) {
          return null;
        }
        if (e != Errno.ERANGE || size >= XATTR_MAX) {
          throw Libc.failure(errno, "lgetxattr " + name, p);
        }
      } catch (PosixException | RuntimeException e) {
        throw e;
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
    }
  }

  /** Sets (creates or replaces) {@code name}. */
  public static void set(Path path, String name, byte[] value) throws PosixException {
    String p = path.toString();
    Posix.call(
        "lsetxattr " + name,
        p,
        (arena, errno) -> {
          MemorySegment v = arena.allocate(Math.max(1, value.length));
          MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
          return (int)
              Libc.Lsetxattr.HANDLE.invoke(
                  errno,
                  Libc.cString(arena, p),
                  Libc.cString(arena, name),
                  v,
                  (long) value.length,
                  0);
        });
  }

  /** The attribute names, sorted. */
  public static List<String> list(Path path) throws PosixException {
    String p = path.toString();
    for (long size = 1024; ; size = Math.min(size * 16, XATTR_MAX)) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment errno = Libc.errnoHolder(arena);
        MemorySegment buf = arena.allocate(size);
        long n = (long) Libc.Llistxattr.HANDLE.invoke(errno, Libc.cString(arena, p), buf, size);
        if (n >= 0) {
          return splitNames(buf.asSlice(0, n).toArray(JAVA_BYTE));
        }
        int e = Libc.errno(errno);
        if (e == Errno.EOPNOTSUPP) {
          return List.of();
        }
        if (e != Errno.ERANGE || size >= XATTR_MAX) {
          throw Libc.failure(errno, "llistxattr", p);
        }
      } catch (PosixException | RuntimeException e) {
        throw e;
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
    }
  }

  /** All attributes with their values, sorted by name. */
  public static SortedMap<String, byte[]> getAll(Path path) throws PosixException {
    List<String> names = list(path);
    if (names.isEmpty()) {
      return Collections.emptySortedMap();
    }
    SortedMap<String, byte[]> all = new TreeMap<>();
    for (String name : names) {
      byte[] value = get(path, name);
      if (value != null) {
        all.put(name, value);
      }
    }
    return all;
  }

  /** Removes {@code name}; absent attributes are not an error. */
  public static void remove(Path path, String name) throws PosixException {
    String p = path.toString();
    try {
      Posix.call(
          "lremovexattr " + name,
          p,
          (arena, errno) ->
              (int)
                  Libc.Lremovexattr.HANDLE.invoke(
                      errno, Libc.cString(arena, p), Libc.cString(arena, name)));
    } catch (PosixException e) {
      if (e.errno() != Errno.ENODATA) {
        throw e;
      }
    }
  }

  private static List<String> splitNames(byte[] raw) {
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        if (i > start) {
          names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    Collections.sort(names);
    return names;
  }
}
