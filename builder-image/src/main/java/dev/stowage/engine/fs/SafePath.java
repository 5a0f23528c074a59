package dev.stowage.engine.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory as a process chrooted there would: {@code ..} stops at
 * the root and symlinks (absolute or relative) are followed relative to the root, so the result
 * never lies outside it. Components that do not exist yet are appended lexically.
 */
public final class SafePath {

  private static final int MAX_LINKS = 255;

  private SafePath() {}

  /** Resolves every component of {@code path}, including a final symlink. */
  public static Path resolve(Path root, String path) throws IOException {
    return root.resolve(String.join("/", walk(root, path)));
  }

  /**
   * Resolves the parent of {@code path} and appends its last name unresolved, for operations on the
   * entry itself (create, remove, lchown).
   */
  public static Path resolveParent(Path root, String path) throws IOException {
    List<String> parts = components(path);
    while (!parts.isEmpty() && parts.getLast().equals(".")) {
      parts.removeLast();
    }
    if (parts.isEmpty() || parts.getLast().equals("..")) {
      throw new IllegalArgumentException("path has no final name: " + path);
    }
    String name = parts.removeLast();
    List<String> parent = walk(root, String.join("/", parts));
    parent.add(name);
    return root.resolve(String.join("/", parent));
  }

  /**
   * Like {@link #resolve} but lets the kernel resolve it with {@code openat2(RESOLVE_IN_ROOT)} when
   * available and the path exists; falls back to the pure-Java walk otherwise.
   */
  public static Path resolveExisting(Path root, String path) throws IOException {
    if (Openat2.isAvailable()) {
      try {
        return Openat2.resolve(
            root.toRealPath(), path, Openat2.RESOLVE_IN_ROOT | Openat2.RESOLVE_NO_MAGICLINKS, true);
      } catch (PosixException e) {
        if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) {
          throw e;
        }
      }
    }
    return resolve(root, path);
  }

  private static List<String> walk(Path root, String path) throws IOException {
    Deque<String> todo = new ArrayDeque<>(components(path));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      done.add(c);
      Path current = root.resolve(String.join("/", done));
      FileStat st = Posix.lstatIfExists(current);
      if (st == null || !st.isSymlink()) {
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new PosixException(Errno.ELOOP, "resolve", path, "too many symbolic links");
      }
      String target = Posix.readlink(current);
      done.removeLast();
      if (target.startsWith("/")) {
        done.clear();
      }
      List<String> more = components(target);
      for (int i = more.size() - 1; i >= 0; i--) {
        todo.addFirst(more.get(i));
      }
    }
    return done;
  }

  private static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    return parts;
  }
}
