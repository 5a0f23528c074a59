package dev.stowage.engine.cli.args;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a command takes: its name, a description, options, positional arguments and, for a command
 * that only dispatches, subcommands (made only when named).
 *
 * @param name the name it is called by
 * @param description help text, one paragraph per element; the first is its summary
 * @param options its options, in the order help lists them
 * @param positionals its positional arguments, in order
 * @param subcommands name (and alias) to a factory of the command, in the order help lists them
 * @param version what {@code --version} prints (empty: that of the command it is a subcommand of)
 */
public record CommandSpec(
    String name,
    List<String> description,
    List<OptionSpec> options,
    List<PositionalSpec> positionals,
    Map<String, Supplier<Command>> subcommands,
    String version) {

  public CommandSpec {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(name, "name");
    description = List.copyOf(description);
    options = List.copyOf(options);
    positionals = List.copyOf(positionals);
    subcommands = Collections.unmodifiableMap(new LinkedHashMap<>(subcommands));
    Set<String> seen = new HashSet<>(StandardOptions.NAMES);
    for (OptionSpec option : options) {
      for (String n : option.names()) {
        if (!seen.add(n)) {
          throw new IllegalArgumentException(name + ": option " + n + " declared twice");
        }
      }
    }
    if (!subcommands.isEmpty() && !positionals.isEmpty()) {
      throw new IllegalArgumentException(name + ": subcommands and positionals do not mix");
    }
  }

  /** Starts the declaration of command {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The option with this spelling, if declared. */
  public Optional<OptionSpec> option(String spelling) {
    for (OptionSpec option : options) {
      if (option.names().contains(spelling)) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }

  /** Collects a {@link CommandSpec}. */
  public static final class Builder {
    private final String name;
    private final List<String> description = new ArrayList<>();
    private final List<OptionSpec> options = new ArrayList<>();
    private final List<PositionalSpec> positionals = new ArrayList<>();
    private final Map<String, Supplier<Command>> subcommands = new LinkedHashMap<>();
    private String version = "";

    private Builder(String name) {
      this.name = name;
    }

    /** Help paragraphs; the first is the summary the command list shows. */
    public Builder description(String... paragraphs) {
      description.addAll(List.of(paragraphs));
      return this;
    }

    public Builder option(OptionSpec option) {
      options.add(option);
      return this;
    }

    /** Options shared by several commands (store, registry and output options). */
    public Builder options(List<OptionSpec> shared) {
      options.addAll(shared);
      return this;
    }

    public Builder positional(PositionalSpec positional) {
      positionals.add(positional);
      return this;
    }

    /** A subcommand under each of {@code names} (its name, then aliases). */
    public Builder subcommand(Supplier<Command> factory, String... names) {
      for (String n : names) {
        subcommands.put(n, factory);
      }
      return this;
    }

    /** What {@code --version} prints. */
    public Builder version(String text) {
      version = text;
      return this;
    }

    public CommandSpec build() {
      return new CommandSpec(name, description, options, positionals, subcommands, version);
    }
  }
}
