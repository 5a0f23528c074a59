package dev.stowage.engine.context;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code .dockerignore} rule, cleaned ({@code ./} and a leading {@code /} removed).
 *
 * @param exception a {@code !} rule that re-includes what it matches
 */
public record IgnorePattern(
    String pattern, boolean exception, Pattern regex, List<String> segments) {

  public IgnorePattern {
    segments = List.copyOf(segments);
  }

  /** Parses one non-comment, non-blank line. */
  public static IgnorePattern parse(String line) throws ContextException {
    String p = line.strip();
    boolean exception = p.startsWith("!");
    if (exception) {
      p = p.substring(1).strip();
    }
    p = clean(p);
    if (p.length() > 1 && p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.equals("/")) {
      p = ".";
    }
    return new IgnorePattern(p, exception, PathPattern.compile(p, true), List.of(p.split("/", -1)));
  }

  /** Lexical clean like Go's filepath.Clean: no {@code .}, resolved {@code ..}, no doubled /. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(seg);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** Whether this pattern matches {@code path} itself. */
  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /**
   * Whether the pattern could match {@code dir}, an ancestor of it, or something below it; used to
   * decide whether an excluded directory must still be walked.
   */
  boolean couldMatchWithin(String dir) throws ContextException {
    String[] dirSegs = dir.split("/");
    for (int i = 0; i < segments.size(); i++) {
      String seg = segments.get(i);
      if (seg.contains("**")) {
        return true;
      }
      if (i >= dirSegs.length) {
        return true;
      }
      if (!PathPattern.compile(seg, false).matcher(dirSegs[i]).matches()) {
        return false;
      }
    }
    return true;
  }
}
