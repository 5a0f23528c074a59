package dev.stowage.engine.containerfile.syntax;

import java.util.Map;
import java.util.Optional;

/**
 * The parser directives at the top of a Containerfile ({@code # syntax=}, {@code # escape=}, {@code
 * # check=}); keys are lower case.
 */
public record Directives(char escape, Map<String, String> values) {

  public static final char DEFAULT_ESCAPE = '\\';

  public Directives {
    if (escape != '\\' && escape != '`') {
      throw new IllegalArgumentException("escape must be \\ or `, got " + escape);
    }
    values = Map.copyOf(values);
  }

  /** The {@code # syntax=} frontend image, which stowage records but does not run. */
  public Optional<String> syntax() {
    return Optional.ofNullable(values.get("syntax"));
  }

  /** The {@code # check=} lint settings, which stowage ignores. */
  public Optional<String> check() {
    return Optional.ofNullable(values.get("check"));
  }
}
