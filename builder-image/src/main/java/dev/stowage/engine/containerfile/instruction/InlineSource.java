package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A COPY/ADD source given as a heredoc: a file called {@code name} holding {@code content}. */
public record InlineSource(String name, String content, boolean expand) {

  public InlineSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
  }

  static List<InlineSource> expand(List<InlineSource> sources, WordExpander e)
      throws ExpansionException {
    List<InlineSource> out = new ArrayList<>();
    for (InlineSource s : sources) {
      // Content is expanded like a double-quoted word unless the marker was quoted.
      out.add(s.expand ? new InlineSource(s.name, expandContent(s.content, e), false) : s);
    }
    return out;
  }

  private static String expandContent(String content, WordExpander e) throws ExpansionException {
    StringBuilder sb = new StringBuilder();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(e.word(asDoubleQuoted(lines[i])));
    }
    return sb.toString();
  }

  /** Quotes a heredoc line so that only $ expansion and \$ / \\ escapes take effect. */
  private static String asDoubleQuoted(String line) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        sb.append("\\\"");
      } else if (c == '\\' && (i + 1 == line.length() || line.charAt(i + 1) == '"')) {
        sb.append("\\\\");
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
