package dev.stowage.engine.cli.args;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One option: its names ({@code -f}, {@code --file}), whether it takes a value, how it is shown in
 * help, and where a parsed value goes. Built with {@link #flag}, {@link #value} or {@link
 * #optional}.
 *
 * @param names every spelling, the first shown first
 * @param arity whether a value follows
 * @param label what help shows for the value ({@code FILE}); empty for flags
 * @param description one sentence of help
 * @param fallback the value of an {@link Arity#OPTIONAL} option given bare
 * @param separateValues the values an {@link Arity#OPTIONAL} option also takes as the next argument
 *     (lower case; empty: only as {@code --name=value})
 * @param sink receives each value as given; throws {@link IllegalArgumentException} for one it
 *     refuses
 */
public record OptionSpec(
    List<String> names,
    Arity arity,
    String label,
    String description,
    String fallback,
    Set<String> separateValues,
    Consumer<String> sink) {

  /** Whether the option takes a value. */
  public enum Arity {
    /** A flag: {@code --push}, also {@code --push=false}. */
    NONE,
    /** A value, as {@code --file F}, {@code --file=F} or {@code -fF}. */
    ONE,
    /** A value that may be left out: {@code --tls-verify} means {@code --tls-verify=true}. */
    OPTIONAL
  }

  private static final Set<String> BOOLEANS = Set.of("true", "false");

  public OptionSpec {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("an option needs a name");
    }
    for (String name : names) {
      if (!name.matches("-[A-Za-z]|--[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException("not an option name: " + name);
      }
    }
    Objects.requireNonNull(arity, "arity");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(fallback, "fallback");
    separateValues = Set.copyOf(separateValues);
    Objects.requireNonNull(sink, "sink");
  }

  /** A flag; {@code --name=true|false} is accepted as well. */
  public static Builder flag(String... names) {
    return new Builder(List.of(names), Arity.NONE, "");
  }

  /** An option with a value. */
  public static Builder value(String... names) {
    return new Builder(List.of(names), Arity.ONE, "VALUE");
  }

  /** An option whose value may be left out: bare, it means {@code fallback}. */
  public static Builder optional(String fallback, String... names) {
    return new Builder(List.of(names), Arity.OPTIONAL, "VALUE").fallback(fallback);
  }

  /** The name help and errors use: the longest spelling. */
  public String longName() {
    String longest = names.getFirst();
    for (String name : names) {
      if (name.length() > longest.length()) {
        longest = name;
      }
    }
    return longest;
  }

  /** Builds an {@link OptionSpec}; a {@code to…} method ends it, naming where values go. */
  public static final class Builder {
    private final List<String> names;
    private final Arity arity;
    private String label;
    private String description = "";
    private String fallback = "";
    private Set<String> separateValues = Set.of();

    private Builder(List<String> names, Arity arity, String label) {
      this.names = names;
      this.arity = arity;
      this.label = label;
    }

    /** What help shows for the value. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** One sentence of help. */
    public Builder help(String description) {
      this.description = description;
      return this;
    }

    private Builder fallback(String fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * The values this optional-value option also takes as the next argument ({@code --pull never});
     * any other next argument is left for what follows.
     */
    public Builder separateValues(String... values) {
      this.separateValues = Set.of(values);
      return this;
    }

    /** Values as given. */
    public OptionSpec to(Consumer<String> sink) {
      if (arity == Arity.NONE) {
        return new OptionSpec(names, arity, "", description, "", Set.of(), sink);
      }
      return new OptionSpec(names, arity, label, description, fallback, separateValues, sink);
    }

    /** {@code true} or {@code false}, in any case. */
    public OptionSpec toBoolean(Consumer<Boolean> sink) {
      if (arity == Arity.OPTIONAL && separateValues.isEmpty()) {
        separateValues = BOOLEANS;
      }
      return to(text -> sink.accept(parseBoolean(text)));
    }

    /** A decimal {@code int}. */
    public OptionSpec toInt(Consumer<Integer> sink) {
      return to(text -> sink.accept(wholeNumber(text, Integer::parseInt)));
    }

    /** A decimal {@code long}. */
    public OptionSpec toLong(Consumer<Long> sink) {
      return to(text -> sink.accept(wholeNumber(text, Long::parseLong)));
    }

    /** A file system path. */
    public OptionSpec toPath(Consumer<Path> sink) {
      return to(text -> sink.accept(Path.of(text)));
    }
  }

  private static <T> T wholeNumber(String text, Function<String, T> parse) {
    try {
      return parse.apply(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number");
    }
  }

  private static boolean parseBoolean(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!BOOLEANS.contains(lower)) {
      throw new IllegalArgumentException("'" + text + "' is not true or false");
    }
    return lower.equals("true");
  }
}
