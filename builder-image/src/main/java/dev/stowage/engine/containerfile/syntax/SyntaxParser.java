package dev.stowage.engine.containerfile.syntax;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to {@link Node}s: parser directives, comments, line continuations with the escape character,
 * and here-documents. Knows nothing about what each instruction means.
 */
public final class SyntaxParser {

  private static final Pattern DIRECTIVE =
      Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
  private static final Pattern HEREDOC_WORD = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

  private final String file;
  private final List<String> lines;
  private final List<String> warnings = new ArrayList<>();
  private int next;

  private SyntaxParser(String file, String text) {
    this.file = file;
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> split = new ArrayList<>(List.of(body.split("\n", -1)));
    if (!split.isEmpty() && split.getLast().isEmpty()) {
      split.removeLast();
    }
    split.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    this.lines = split;
  }

  /** Parses a whole Containerfile; {@code file} is the name used in error messages. */
  public static SyntaxTree parse(String file, String text) throws ContainerfileException {
    return new SyntaxParser(file, text).parseAll();
  }

  /**
   * Parses one instruction line without heredocs or continuations, such as an ONBUILD trigger or a
   * trigger stored in a base image.
   */
  public static Node parseLine(String line, Location location) throws ContainerfileException {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      throw new ContainerfileException(location, "empty instruction");
    }
    return node(trimmed, trimmed, location, location.line(), List.of());
  }

  private SyntaxTree parseAll() throws ContainerfileException {
    Directives directives = readDirectives();
    char escape = directives.escape();
    Pattern continuation = Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    List<Node> nodes = new ArrayList<>();
    while (next < lines.size()) {
      int startLine = next + 1;
      String first = stripLeading(lines.get(next++));
      if (first.isEmpty() || first.startsWith("#")) {
        continue;
      }
      StringBuilder logical = new StringBuilder();
      boolean more = appendContinued(logical, first, continuation);
      boolean sawEmpty = false;
      while (more && next < lines.size()) {
        String raw = lines.get(next++);
        String stripped = stripLeading(raw);
        if (stripped.startsWith("#")) {
          continue;
        }
        if (stripped.isEmpty()) {
          sawEmpty = true;
          continue;
        }
        more = appendContinued(logical, raw, continuation);
      }
      Location location = new Location(file, startLine);
      if (sawEmpty) {
        warnings.add(
            location + ": empty continuation line; a future Dockerfile syntax will reject it");
      }
      String line = logical.toString().strip();
      String keyword = keywordOf(line);
      if (keyword.equals("ONBUILD")) {
        // ONBUILD RUN <<EOF carries the heredoc of its trigger.
        keyword = keywordOf(line.substring(keyword.length()).strip());
      }
      List<Heredoc> heredocs = List.of();
      if (HEREDOC_INSTRUCTIONS.contains(keyword)) {
        heredocs = readHeredocs(line, location);
      }
      nodes.add(node(line, line, location, next, heredocs));
    }
    return new SyntaxTree(file, directives, nodes, warnings);
  }

  private Directives readDirectives() throws ContainerfileException {
    Map<String, String> values = new HashMap<>();
    char escape = Directives.DEFAULT_ESCAPE;
    while (next < lines.size()) {
      Matcher m = DIRECTIVE.matcher(lines.get(next));
      if (!m.matches()) {
        break;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2);
      Location location = new Location(file, next + 1);
      if (values.containsKey(key)) {
        throw new ContainerfileException(
            location,
            "only one " + key + " parser directive can be used",
            "remove the repeated '# " + key + "=' line");
      }
      if (key.equals("escape")) {
        if (!value.equals("\\") && !value.equals("`")) {
          throw new ContainerfileException(
              location,
              "invalid escape character '" + value + "'",
              "use '# escape=\\' (the default) or '# escape=`'");
        }
        escape = value.charAt(0);
      }
      values.put(key, value);
      next++;
    }
    return new Directives(escape, values);
  }

  private static boolean appendContinued(StringBuilder sb, String line, Pattern continuation) {
    Matcher m = continuation.matcher(line);
    if (m.find()) {
      sb.append(line, 0, m.start());
      return true;
    }
    sb.append(line);
    return false;
  }

  private List<Heredoc> readHeredocs(String line, Location location) throws ContainerfileException {
    List<HeredocMarker> markers = heredocMarkers(line, location);
    List<Heredoc> docs = new ArrayList<>();
    for (HeredocMarker marker : markers) {
      StringBuilder content = new StringBuilder();
      boolean terminated = false;
      while (next < lines.size()) {
        String raw = lines.get(next++);
        String body = marker.chomp() ? stripLeadingTabs(raw) : raw;
        if (body.equals(marker.name())) {
          terminated = true;
          break;
        }
        content.append(body).append('\n');
      }
      if (!terminated) {
        throw new ContainerfileException(
            location,
            "heredoc <<" + marker.name() + " is not terminated before the end of the file",
            "end it with a line that holds only '" + marker.name() + "'");
      }
      docs.add(new Heredoc(marker.name(), content.toString(), marker.expand(), marker.chomp()));
    }
    return docs;
  }

  private record HeredocMarker(String name, boolean expand, boolean chomp) {}

  private static List<HeredocMarker> heredocMarkers(String line, Location location)
      throws ContainerfileException {
    List<String> words;
    try {
      words = ShellLexer.raw('\\').words(line);
    } catch (ExpansionException e) {
      // An unbalanced quote is the instruction's business; without clean words there is no heredoc.
      return List.of();
    }
    List<HeredocMarker> markers = new ArrayList<>();
    for (String word : words) {
      Matcher m = HEREDOC_WORD.matcher(word);
      if (!m.matches() || m.group(3).isEmpty()) {
        continue;
      }
      if (!m.group(1).isEmpty() && Integer.parseInt(m.group(1)) != 0) {
        throw new ContainerfileException(
            location,
            "unsupported file descriptor " + m.group(1) + " for heredoc " + word,
            "heredocs can only feed standard input: write <<" + m.group(3));
      }
      String rest = m.group(3);
      try {
        List<String> unquoted = ShellLexer.raw('\\').withRawQuotes(false).words(rest);
        List<String> quoted = ShellLexer.raw('\\').words(rest);
        if (unquoted.size() != 1 || quoted.size() != 1) {
          continue;
        }
        String name = unquoted.getFirst();
        boolean expand = countQuotes(name) == countQuotes(quoted.getFirst());
        markers.add(new HeredocMarker(name, expand, !m.group(2).isEmpty()));
      } catch (ExpansionException e) {
        throw new ContainerfileException(
            location, "cannot read heredoc marker " + word + ": " + e.getMessage());
      }
    }
    return markers;
  }

  private static int countQuotes(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
        n++;
      }
    }
    return n;
  }

  private static String keywordOf(String line) {
    int end = 0;
    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
      end++;
    }
    return line.substring(0, end).toUpperCase(Locale.ROOT);
  }

  private static Node node(
      String line, String original, Location location, int endLine, List<Heredoc> heredocs)
      throws ContainerfileException {
    String keyword = keywordOf(line);
    String rest = line.substring(Math.min(line.length(), keyword.length())).strip();
    FlagSplit split = FlagSplit.of(rest);
    return new Node(
        keyword, split.flags(), split.rest().strip(), original, location, endLine, heredocs);
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') {
      i++;
    }
    return s.substring(i);
  }

  /** Leading {@code --flag} words of an instruction, split off its arguments. */
  record FlagSplit(List<String> flags, String rest) {

    static FlagSplit of(String line) {
      List<String> flags = new ArrayList<>();
      int pos = 0;
      int n = line.length();
      while (true) {
        while (pos < n && Character.isWhitespace(line.charAt(pos))) {
          pos++;
        }
        if (pos + 1 >= n || line.charAt(pos) != '-' || line.charAt(pos + 1) != '-') {
          return new FlagSplit(flags, pos >= n ? "" : line.substring(pos));
        }
        StringBuilder word = new StringBuilder();
        boolean quotedEmptyOk = false;
        char quote = 0;
        while (pos < n) {
          char ch = line.charAt(pos);
          if (quote == 0 && Character.isWhitespace(ch)) {
            break;
          }
          pos++;
          if (quote == 0 && (ch == '\'' || ch == '"')) {
            quote = ch;
            quotedEmptyOk = true;
            continue;
          }
          if (quote != 0 && ch == quote) {
            quote = 0;
            continue;
          }
          if (ch == '\\' && pos < n) {
            ch = line.charAt(pos++);
          } else if (ch == '\\') {
            continue;
          }
          word.append(ch);
        }
        String w = word.toString();
        if (w.equals("--")) {
          return new FlagSplit(flags, line.substring(pos));
        }
        if (quotedEmptyOk || !w.isEmpty()) {
          flags.add(w);
        }
      }
    }
  }
}
