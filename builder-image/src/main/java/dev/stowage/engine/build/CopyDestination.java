package dev.stowage.engine.build;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where COPY and ADD put their sources, by Docker's rules: a relative destination is relative to
 * WORKDIR; a destination ending in {@code /} (or an existing directory) receives files by their
 * names; a directory source has its contents copied, not itself; several sources need a destination
 * ending in {@code /}.
 *
 * @param path the absolute, cleaned destination inside the root file system
 * @param directorySyntax whether the destination was written as a directory ({@code dir/}, {@code
 *     .})
 */
record CopyDestination(String path, boolean directorySyntax) {

  /**
   * @param sources the number of sources after glob expansion
   * @throws IllegalArgumentException for several sources into a destination not ending in /
   */
  static CopyDestination of(String workdir, String destination, int sources) {
    if (destination.isEmpty()) {
      throw new IllegalArgumentException("the destination is empty");
    }
    boolean dirSyntax =
        destination.endsWith("/")
            || destination.equals(".")
            || destination.endsWith("/.")
            || destination.equals("..")
            || destination.endsWith("/..");
    if (sources > 1 && !dirSyntax) {
      throw new IllegalArgumentException(
          "when copying more than one source the destination must be a directory and end with a"
              + " /: "
              + destination);
    }
    String base = workdir == null || workdir.isEmpty() ? "/" : workdir;
    String joined = destination.startsWith("/") ? destination : base + "/" + destination;
    return new CopyDestination(clean(joined), dirSyntax);
  }

  /**
   * The path a source lands at: a directory's contents go into {@link #path}; a file goes to {@code
   * path/name} when the destination is a directory, else to {@link #path} itself.
   */
  String targetFor(String sourceName, boolean sourceIsDirectory, boolean destinationIsDirectory) {
    if (sourceIsDirectory) {
      return path;
    }
    if (directorySyntax || destinationIsDirectory) {
      return path.equals("/") ? "/" + sourceName : path + "/" + sourceName;
    }
    return path;
  }

  /**
   * Lexically cleans an absolute path: no {@code .}, {@code ..} or double slashes, never above /.
   */
  static String clean(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }
}
