package dev.stowage.engine.containerfile.syntax;

import dev.stowage.engine.containerfile.Location;
import java.util.List;
import java.util.Objects;

/**
 * One instruction as written, before its arguments are interpreted.
 *
 * @param keyword the instruction name in upper case ({@code RUN})
 * @param flags the leading {@code --name[=value]} words, quotes removed, in order
 * @param args the text after keyword and flags, continuations joined, trimmed
 * @param original the logical line as written (continuations joined), for history and errors
 * @param location file and first line
 * @param endLine the last physical line, heredoc bodies included
 * @param heredocs here-documents introduced on this line, in order
 */
public record Node(
    String keyword,
    List<String> flags,
    String args,
    String original,
    Location location,
    int endLine,
    List<Heredoc> heredocs) {

  public Node {
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(location, "location");
    flags = List.copyOf(flags);
    heredocs = List.copyOf(heredocs);
    if (endLine < location.line()) {
      throw new IllegalArgumentException("endLine before start line");
    }
  }

  public int startLine() {
    return location.line();
  }
}
