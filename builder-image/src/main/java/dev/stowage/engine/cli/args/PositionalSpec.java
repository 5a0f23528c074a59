package dev.stowage.engine.cli.args;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Arguments after the options, in order: {@code IMAGE}, {@code [DEST]}, {@code NAME...}.
 *
 * @param label what help and errors call it
 * @param description one sentence of help
 * @param min how many must be given
 * @param max how many may be given ({@link Integer#MAX_VALUE}: any number)
 * @param sink receives each argument; throws {@link IllegalArgumentException} for one it refuses
 */
public record PositionalSpec(
    String label, String description, int min, int max, Consumer<String> sink) {

  public PositionalSpec {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sink, "sink");
    if (min < 0 || max < Math.max(min, 1)) {
      throw new IllegalArgumentException("bad count " + min + ".." + max + " for " + label);
    }
  }

  /** Exactly one. */
  public static PositionalSpec one(String label, String description, Consumer<String> sink) {
    return new PositionalSpec(label, description, 1, 1, sink);
  }

  /** One or none. */
  public static PositionalSpec optional(String label, String description, Consumer<String> sink) {
    return new PositionalSpec(label, description, 0, 1, sink);
  }

  /** At least one. */
  public static PositionalSpec oneOrMore(String label, String description, Consumer<String> sink) {
    return new PositionalSpec(label, description, 1, Integer.MAX_VALUE, sink);
  }

  /** How help shows it: {@code IMAGE}, {@code [DEST]}, {@code NAME...}. */
  public String synopsis() {
    String text = max > 1 ? label + "..." : label;
    return min == 0 ? "[" + text + "]" : text;
  }
}
