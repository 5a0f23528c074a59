package dev.stowage.engine.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside the destination: relative, without {@code ..}, normalised (no empty or {@code .}
 * names). The empty path is the destination itself.
 *
 * @param names the path's names, each non-empty and neither {@code .} nor {@code ..}
 */
public record RelativePath(List<String> names) {

  public RelativePath {
    names = List.copyOf(names);
    for (String name : names) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
        throw new IllegalArgumentException("not a path name: '" + name + "'");
      }
    }
  }

  /** The destination itself. */
  public static final RelativePath ROOT = new RelativePath(List.of());

  /**
   * Parses {@code text}; {@code what} names it in the error (e.g. {@code "context directory"}).
   *
   * @throws InvalidSourceException for an absolute path, a {@code ..} name or a NUL character
   */
  public static RelativePath parse(String text, String what) throws InvalidSourceException {
    if (text == null) {
      return ROOT;
    }
    if (text.indexOf('\0') >= 0) {
      throw new InvalidSourceException(what + " '" + printable(text) + "' contains a NUL byte");
    }
    if (text.startsWith("/")) {
      throw new InvalidSourceException(
          what + " '" + text + "' is absolute: give a path relative to the context");
    }
    List<String> names = new ArrayList<>();
    for (String name : text.split("/")) {
      if (name.equals("..")) {
        throw new InvalidSourceException(
            what + " '" + text + "' contains '..': it must stay inside the context");
      }
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return new RelativePath(names);
  }

  public boolean isRoot() {
    return names.isEmpty();
  }

  /** The path below {@code root}; lexical only, symlinks are the caller's business. */
  public Path under(Path root) {
    Path p = root;
    for (String name : names) {
      p = p.resolve(name);
    }
    return p;
  }

  /** Whether {@code other} lies strictly below this path. */
  public boolean isAncestorOf(RelativePath other) {
    return other.names.size() > names.size() && other.names.subList(0, names.size()).equals(names);
  }

  @Override
  public String toString() {
    return names.isEmpty() ? "." : String.join("/", names);
  }

  private static String printable(String text) {
    return text.replace("\0", "\\0");
  }
}
