package dev.stowage.engine.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), e.g. {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:x:pull"}.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  public AuthChallenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }

  /** A parameter (names are case-insensitive), or null. */
  public String param(String name) {
    return params.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The challenges of one header value, in order.
   *
   * @throws IllegalArgumentException when the header cannot be parsed
   */
  public static List<AuthChallenge> parse(String header) {
    return new Parser(header).challenges();
  }

  /** Hand-written because quoted values may contain commas, as scopes do. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s == null ? "" : s;
    }

    List<AuthChallenge> challenges() {
      List<AuthChallenge> out = new ArrayList<>();
      skipSeparators();
      while (i < s.length()) {
        String scheme = token();
        if (scheme.isEmpty()) {
          throw new IllegalArgumentException("malformed WWW-Authenticate header: " + s);
        }
        Map<String, String> params = new LinkedHashMap<>();
        skipSpaces();
        while (i < s.length() && isParamAhead()) {
          String name = token().toLowerCase(Locale.ROOT);
          skipSpaces();
          i++; // '='
          skipSpaces();
          params.put(name, value());
          skipSpaces();
          if (i < s.length() && s.charAt(i) == ',') {
            i++;
            skipSpaces();
          }
        }
        if (i < s.length() && !isParamAhead() && isToken68Ahead()) {
          params.put("token68", token68());
        }
        out.add(new AuthChallenge(scheme, params));
        skipSeparators();
      }
      return out;
    }

    private boolean isParamAhead() {
      int j = i;
      while (j < s.length() && isTokenChar(s.charAt(j))) {
        j++;
      }
      if (j == i) {
        return false;
      }
      while (j < s.length() && s.charAt(j) == ' ') {
        j++;
      }
      return j < s.length()
          && s.charAt(j) == '='
          && (j + 1 >= s.length() || s.charAt(j + 1) != '=');
    }

    private boolean isToken68Ahead() {
      int j = i;
      while (j < s.length() && s.charAt(j) != ',' && s.charAt(j) != ' ') {
        j++;
      }
      return j > i && (j == s.length() || s.charAt(j) == ',');
    }

    private String token68() {
      int start = i;
      while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ') {
        i++;
      }
      return s.substring(start, i);
    }

    private String value() {
      if (i < s.length() && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            c = s.charAt(i++);
          }
          b.append(c);
        }
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated quoted value in: " + s);
        }
        i++;
        return b.toString();
      }
      return token();
    }

    private String token() {
      int start = i;
      while (i < s.length() && isTokenChar(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    private void skipSpaces() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private void skipSeparators() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private static boolean isTokenChar(char c) {
      return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0;
    }
  }
}
