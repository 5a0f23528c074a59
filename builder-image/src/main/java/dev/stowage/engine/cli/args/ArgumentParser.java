package dev.stowage.engine.cli.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Hands a command's arguments to its options and positionals, the way buildah's flags read: {@code
 * --name value}, {@code --name=value}, {@code -n value}, {@code -nvalue}, flags as {@code --flag}
 * or {@code --flag=false}, options and positionals in any order, {@code --} ending the options. A
 * single-value option given twice keeps the last value.
 *
 * <p>Parsing goes on after a bad argument, so that every option that can be set is set before the
 * command hears of the first problem.
 */
public final class ArgumentParser {

  /** What the arguments ask for. */
  public enum Request {
    RUN,
    HELP,
    VERSION
  }

  /** The outcome: what was asked for, and the first problem with the arguments, if any. */
  public record Parsed(Request request, Optional<String> error) {}

  private final CommandSpec spec;
  private String error;

  private ArgumentParser(CommandSpec spec) {
    this.spec = spec;
  }

  /** Parses {@code args} into the sinks of {@code spec}'s options and positionals. */
  public static Parsed parse(CommandSpec spec, List<String> args) {
    return new ArgumentParser(spec).parse(args);
  }

  private Parsed parse(List<String> args) {
    List<String> positionals = new ArrayList<>();
    boolean help = false;
    boolean version = false;
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
        positionals.add(arg);
      } else if (arg.equals("--")) {
        optionsEnded = true;
      } else if (StandardOptions.HELP.contains(arg)) {
        help = true;
      } else if (StandardOptions.VERSION.contains(arg)) {
        version = true;
      } else {
        i = option(args, i);
      }
    }
    if (help) {
      return new Parsed(Request.HELP, Optional.empty());
    }
    if (version) {
      return new Parsed(Request.VERSION, Optional.empty());
    }
    assign(positionals);
    return new Parsed(Request.RUN, Optional.ofNullable(error));
  }

  /** Reads the option at {@code i} (and its value); returns the index of its last argument. */
  private int option(List<String> args, int i) {
    String arg = args.get(i);
    String name;
    String attached = null;
    if (arg.startsWith("--")) {
      int eq = arg.indexOf('=');
      name = eq < 0 ? arg : arg.substring(0, eq);
      attached = eq < 0 ? null : arg.substring(eq + 1);
    } else {
      name = arg.substring(0, 2);
      if (arg.length() > 2) {
        attached = arg.charAt(2) == '=' ? arg.substring(3) : arg.substring(2);
      }
    }
    Optional<OptionSpec> found = spec.option(name);
    if (found.isEmpty()) {
      refuse("Unknown option: '" + arg + "'");
      return i;
    }
    OptionSpec option = found.get();
    String value;
    int last = i;
    switch (option.arity()) {
      case NONE -> {
        if (attached != null && !arg.startsWith("--")) {
          refuse("Option '" + name + "' takes no value (in '" + arg + "')");
          return i;
        }
        value = attached != null ? attached : "true";
      }
      case ONE -> {
        if (attached != null) {
          value = attached;
        } else if (i + 1 < args.size() && !isOption(args.get(i + 1))) {
          value = args.get(i + 1);
          last = i + 1;
        } else {
          refuse("Missing value for option '" + name + "' (" + option.label() + ")");
          return i;
        }
      }
      case OPTIONAL -> {
        if (attached != null) {
          value = attached;
        } else if (i + 1 < args.size()
            && option.separateValues().contains(args.get(i + 1).toLowerCase(Locale.ROOT))) {
          value = args.get(i + 1);
          last = i + 1;
        } else {
          value = option.fallback();
        }
      }
      default -> throw new IllegalStateException("arity " + option.arity());
    }
    try {
      option.sink().accept(value);
    } catch (IllegalArgumentException e) {
      refuse("Invalid value for option '" + name + "': " + e.getMessage());
    }
    return last;
  }

  private boolean isOption(String arg) {
    if (StandardOptions.NAMES.contains(arg)) {
      return true;
    }
    if (!arg.startsWith("-") || arg.length() < 2) {
      return false;
    }
    String name = arg.startsWith("--") ? arg.split("=", 2)[0] : arg.substring(0, 2);
    return spec.option(name).isPresent();
  }

  /**
   * Deals the positional arguments out in order: each takes at least its minimum, and as many more
   * (up to its maximum) as leave enough for the minimums of those after it.
   */
  private void assign(List<String> values) {
    int stillNeeded = 0;
    for (PositionalSpec p : spec.positionals()) {
      stillNeeded += p.min();
    }
    int next = 0;
    for (PositionalSpec p : spec.positionals()) {
      stillNeeded -= p.min();
      int available = values.size() - next;
      if (available < p.min()) {
        refuse("Missing argument " + p.label());
        return;
      }
      int take = Math.min(p.max(), Math.max(p.min(), available - stillNeeded));
      for (int k = 0; k < take; k++) {
        String value = values.get(next++);
        try {
          p.sink().accept(value);
        } catch (IllegalArgumentException e) {
          refuse("Invalid value for " + p.label() + ": " + e.getMessage());
        }
      }
    }
    if (next < values.size()) {
      List<String> extra = values.subList(next, values.size());
      refuse(
          (extra.size() == 1 ? "Unexpected argument: '" : "Unexpected arguments: '")
              + String.join("' '", extra)
              + "'");
    }
  }

  private void refuse(String message) {
    if (error == null) {
      error = message;
    }
  }
}
