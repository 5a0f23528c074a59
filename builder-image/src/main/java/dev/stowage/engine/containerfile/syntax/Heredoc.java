package dev.stowage.engine.containerfile.syntax;

import java.util.Objects;

/**
 * A here-document attached to a RUN, COPY or ADD line.
 *
 * @param name the delimiter word without quotes ({@code EOF})
 * @param content the lines up to the delimiter, each ending in a newline
 * @param expand false when the delimiter was quoted ({@code <<"EOF"}): no variable expansion
 * @param chomp true for {@code <<-EOF}: leading tabs were stripped from every line
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {

  public Heredoc {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("heredoc name must not be empty");
    }
  }
}
