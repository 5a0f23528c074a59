package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root file system the way the kernel would after {@code chroot}: symbolic
 * links (absolute or with {@code ..}) are followed but never lead out of the root. The engine uses
 * it to read and write image files from outside the chroot without being redirected to the host.
 */
final class RootPath {

  private static final int MAX_LINKS = 40;

  private RootPath() {}

  /**
   * The host path for {@code path} inside {@code root}, following every symlink within the root.
   */
  static Path resolve(Path root, String path) throws IOException {
    return walk(root, path, true);
  }

  /**
   * The host path for {@code path} inside {@code root} with its directories resolved but the last
   * component left as it is, so a symlink there is replaced rather than followed.
   */
  static Path resolveParent(Path root, String path) throws IOException {
    return walk(root, path, false);
  }

  private static Path walk(Path root, String path, boolean followLast) throws IOException {
    Deque<String> todo = new ArrayDeque<>(components(path));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.removeFirst();
      if (name.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      Path candidate = join(root, done).resolve(name);
      boolean last = todo.isEmpty();
      if ((followLast || !last) && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException(
              "too many levels of symbolic links resolving " + path + " in " + root);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> parts = components(target);
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
        continue;
      }
      done.add(name);
    }
    return join(root, done);
  }

  private static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static Path join(Path root, List<String> names) {
    Path p = root;
    for (String n : names) {
      p = p.resolve(n);
    }
    return p;
  }

  /** Whether {@code path} is a directory, not following a symlink at its last component. */
  static boolean isRealDirectory(Path path) {
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }
}
