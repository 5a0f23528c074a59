package dev.stowage.engine.containerfile.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The builder's shell-word lexer: quotes, the escape character and {@code $VAR} / {@code ${VAR…}}
 * substitution as the Dockerfile reference defines them (not a full POSIX shell).
 *
 * <p>Supported forms: {@code $V}, {@code ${V}}, {@code ${V:-w}}, {@code ${V-w}}, {@code ${V:+w}},
 * {@code ${V+w}}, {@code ${V:?msg}}, {@code ${V?msg}}, {@code ${V#p}}, {@code ${V##p}}, {@code
 * ${V%p}}, {@code ${V%%p}}. Single quotes keep everything literal; inside double quotes only {@code
 * "}, {@code $} and the escape character can be escaped.
 */
public final class ShellLexer implements WordExpander {

  private static final int EOF = -1;
  private static final String SPECIAL_PARAMS = "@*#?-$!0";

  private final char escape;
  private final Variables variables;
  private final boolean rawQuotes;
  private final boolean rawEscapes;
  private final boolean skipUnset;

  private ShellLexer(
      char escape, Variables variables, boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
    this.escape = escape;
    this.variables = variables;
    this.rawQuotes = rawQuotes;
    this.rawEscapes = rawEscapes;
    this.skipUnset = skipUnset;
  }

  /** A lexer that expands against {@code variables} with the given escape character. */
  public static ShellLexer expanding(char escape, Variables variables) {
    return new ShellLexer(escape, variables, false, false, false);
  }

  /**
   * A lexer that only splits words, keeping quotes and escapes as written and leaving {@code $}
   * references untouched (how heredoc markers are found on an instruction line).
   */
  public static ShellLexer raw(char escape) {
    return new ShellLexer(escape, Variables.none(), true, true, true);
  }

  /** The same lexer, with quotes kept or removed. */
  public ShellLexer withRawQuotes(boolean keep) {
    return new ShellLexer(escape, variables, keep, rawEscapes, skipUnset);
  }

  @Override
  public String word(String text) throws ExpansionException {
    Scan scan = new Scan(text);
    Words words = new Words();
    StringBuilder out = new StringBuilder();
    scan.stopOn(EOF, out, words);
    return out.toString();
  }

  @Override
  public List<String> words(String text) throws ExpansionException {
    Scan scan = new Scan(text);
    Words words = new Words();
    scan.stopOn(EOF, new StringBuilder(), words);
    return words.finish();
  }

  /** Collects words, splitting at unquoted whitespace. */
  private static final class Words {
    private final List<String> done = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private boolean inWord;

    void addChar(char ch) {
      if (Character.isWhitespace(ch)) {
        flush();
      } else {
        current.append(ch);
        inWord = true;
      }
    }

    void addString(String s) {
      for (int i = 0; i < s.length(); i++) {
        addChar(s.charAt(i));
      }
    }

    void addRaw(String s) {
      current.append(s);
      inWord = true;
    }

    void addRawChar(char ch) {
      current.append(ch);
      inWord = true;
    }

    void flush() {
      if (inWord) {
        done.add(current.toString());
        current.setLength(0);
        inWord = false;
      }
    }

    List<String> finish() {
      flush();
      return List.copyOf(done);
    }
  }

  /** One pass over a text. */
  private final class Scan {
    private final String text;
    private int pos;

    Scan(String text) {
      this.text = text;
    }

    int peek() {
      return pos < text.length() ? text.charAt(pos) : EOF;
    }

    int next() {
      return pos < text.length() ? text.charAt(pos++) : EOF;
    }

    /** Reads until {@code stop} (consumed) or the end; returns whether {@code stop} was found. */
    boolean stopOn(int stop, StringBuilder out, Words words) throws ExpansionException {
      while (peek() != EOF) {
        int ch = peek();
        if (stop != EOF && ch == stop) {
          next();
          return true;
        }
        if (ch == '\'') {
          String s = singleQuoted();
          out.append(s);
          words.addRaw(s);
        } else if (ch == '"') {
          String s = doubleQuoted();
          out.append(s);
          words.addRaw(s);
        } else if (ch == '$') {
          String value = dollar();
          out.append(value);
          words.addString(value);
        } else {
          next();
          if (ch == escape) {
            if (rawEscapes) {
              out.append((char) ch);
              words.addRawChar((char) ch);
            }
            ch = next();
            if (ch == EOF) {
              break;
            }
            out.append((char) ch);
            words.addRawChar((char) ch);
          } else {
            out.append((char) ch);
            words.addChar((char) ch);
          }
        }
      }
      if (stop != EOF) {
        throw new ExpansionException(
            "unexpected end of text while looking for matching '" + (char) stop + "'");
      }
      return false;
    }

    String singleQuoted() throws ExpansionException {
      StringBuilder sb = new StringBuilder();
      next();
      if (rawQuotes) {
        sb.append('\'');
      }
      while (true) {
        int ch = next();
        if (ch == EOF) {
          throw new ExpansionException(
              "unexpected end of text while looking for the matching single quote");
        }
        if (ch == '\'') {
          break;
        }
        sb.append((char) ch);
      }
      if (rawQuotes) {
        sb.append('\'');
      }
      return sb.toString();
    }

    String doubleQuoted() throws ExpansionException {
      StringBuilder sb = new StringBuilder();
      next();
      if (rawQuotes) {
        sb.append('"');
      }
      while (true) {
        int ch = peek();
        if (ch == EOF) {
          throw new ExpansionException(
              "unexpected end of text while looking for the matching double quote");
        }
        if (ch == '"') {
          next();
          break;
        }
        if (ch == '$') {
          sb.append(dollar());
          continue;
        }
        next();
        if (ch == escape) {
          if (rawEscapes) {
            sb.append((char) ch);
          }
          int following = peek();
          if (following == EOF) {
            continue;
          }
          if (following == '"' || following == '$' || following == escape) {
            ch = next();
          }
        }
        sb.append((char) ch);
      }
      if (rawQuotes) {
        sb.append('"');
      }
      return sb.toString();
    }

    String dollar() throws ExpansionException {
      next();
      if (peek() != '{') {
        String name = name();
        if (name.isEmpty()) {
          return "$";
        }
        Optional<String> value = variables.get(name);
        if (value.isEmpty() && skipUnset) {
          return "$" + name;
        }
        return value.orElse("");
      }
      next();
      String name = name();
      int ch = peek();
      if (name.isEmpty()) {
        throw new ExpansionException("bad substitution: ${ must be followed by a variable name");
      }
      if (ch == EOF) {
        throw new ExpansionException("missing '}' after ${" + name);
      }
      Optional<String> value = variables.get(name);
      if (ch == '}') {
        next();
        if (value.isEmpty() && skipUnset) {
          return "${" + name + "}";
        }
        return value.orElse("");
      }
      if (ch == ':') {
        next();
        int modifier = next();
        String word = nestedWord();
        boolean setAndNotEmpty = value.isPresent() && !value.get().isEmpty();
        return switch (modifier) {
          case '-' -> setAndNotEmpty ? value.get() : word;
          case '+' -> setAndNotEmpty ? word : "";
          case '?' -> {
            if (!setAndNotEmpty) {
              throw new ExpansionException(
                  name + ": " + (word.isEmpty() ? "is not allowed to be unset or empty" : word));
            }
            yield value.get();
          }
          default ->
              throw new ExpansionException(
                  "unsupported modifier ("
                      + (modifier == EOF ? "end of text" : String.valueOf((char) modifier))
                      + ") in substitution ${"
                      + name
                      + ":…}; use :-, :+ or :?");
        };
      }
      if (ch == '-' || ch == '+' || ch == '?') {
        next();
        String word = nestedWord();
        return switch (ch) {
          case '-' -> value.orElse(word);
          case '+' -> value.isPresent() ? word : "";
          default -> {
            if (value.isEmpty()) {
              throw new ExpansionException(
                  name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
            }
            yield value.get();
          }
        };
      }
      if (ch == '#' || ch == '%') {
        next();
        boolean longest = peek() == ch;
        if (longest) {
          next();
        }
        String pattern = nestedWord();
        return removePattern(value.orElse(""), pattern, ch == '#', longest);
      }
      throw new ExpansionException(
          "bad substitution in ${"
              + name
              + "…}: expected }, :-, :+, :?, -, +, ?, #, ##, % or %% after the name");
    }

    /** The word after a modifier, itself expanded, up to the closing brace. */
    private String nestedWord() throws ExpansionException {
      StringBuilder sb = new StringBuilder();
      stopOn('}', sb, new Words());
      return sb.toString();
    }

    String name() {
      StringBuilder sb = new StringBuilder();
      int ch = peek();
      if (ch != EOF && Character.isDigit(ch)) {
        while (peek() != EOF && Character.isDigit(peek())) {
          sb.append((char) next());
        }
        return sb.toString();
      }
      if (ch != EOF && SPECIAL_PARAMS.indexOf(ch) >= 0) {
        return String.valueOf((char) next());
      }
      while (peek() != EOF) {
        ch = peek();
        if (!Character.isLetterOrDigit(ch) && ch != '_') {
          break;
        }
        sb.append((char) next());
      }
      return sb.toString();
    }
  }

  private static String removePattern(String value, String pattern, boolean prefix, boolean longest)
      throws ExpansionException {
    Pattern regex;
    try {
      regex = Pattern.compile(Glob.toRegex(pattern));
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new ExpansionException("invalid pattern '" + pattern + "' in substitution");
    }
    if (prefix) {
      int[] ends = longest ? descending(value.length()) : ascending(value.length());
      for (int end : ends) {
        if (regex.matcher(value.substring(0, end)).matches()) {
          return value.substring(end);
        }
      }
    } else {
      int[] starts = longest ? ascending(value.length()) : descending(value.length());
      for (int start : starts) {
        if (regex.matcher(value.substring(start)).matches()) {
          return value.substring(0, start);
        }
      }
    }
    return value;
  }

  private static int[] ascending(int max) {
    int[] r = new int[max + 1];
    for (int i = 0; i <= max; i++) {
      r[i] = i;
    }
    return r;
  }

  private static int[] descending(int max) {
    int[] r = new int[max + 1];
    for (int i = 0; i <= max; i++) {
      r[i] = max - i;
    }
    return r;
  }
}
