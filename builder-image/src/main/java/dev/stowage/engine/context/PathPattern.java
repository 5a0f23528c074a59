package dev.stowage.engine.context;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Glob to regex translation shared by ignore patterns and COPY sources. */
final class PathPattern {

  private PathPattern() {}

  /**
   * Translates a glob. With {@code doubleStar}, {@code **} matches any number of directories
   * (moby's patternmatcher); without, it is two {@code *} (Go's filepath.Match).
   */
  static Pattern compile(String glob, boolean doubleStar) throws ContextException {
    StringBuilder re = new StringBuilder("^");
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (doubleStar && i + 1 < n && glob.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < n && glob.charAt(i + 1) == '/') {
            i++;
          }
          re.append(i + 1 >= n ? ".*" : "(?:.*/)?");
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int j = i + 1;
        StringBuilder cls = new StringBuilder("[");
        // Only ^ negates, as in Go's filepath.Match and moby's patterns ([!x] is literal !).
        if (j < n && glob.charAt(j) == '^') {
          cls.append('^');
          j++;
        }
        boolean closed = false;
        boolean first = true;
        for (; j < n; j++) {
          char d = glob.charAt(j);
          if (d == ']' && !first) {
            closed = true;
            break;
          }
          first = false;
          if (d == '\\' && j + 1 < n) {
            d = glob.charAt(++j);
            cls.append('\\').append(d);
          } else if (d == '[' || d == '&' || d == '\\' || d == ']') {
            cls.append('\\').append(d);
          } else {
            cls.append(d);
          }
        }
        if (!closed) {
          throw new ContextException("syntax error in pattern '" + glob + "': unclosed [");
        }
        re.append(cls).append(']');
        i = j;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new ContextException("syntax error in pattern '" + glob + "': trailing \\");
        }
        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    re.append('$');
    try {
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new ContextException("syntax error in pattern '" + glob + "'", e);
    }
  }

  /** Whether a path has glob characters (Go's hasMeta). */
  static boolean hasMeta(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
