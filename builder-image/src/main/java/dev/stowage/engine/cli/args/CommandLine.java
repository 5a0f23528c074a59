package dev.stowage.engine.cli.args;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a command line: dispatches to the subcommand named first (made only then), parses its
 * arguments, answers {@code --help} and {@code --version}, and runs it. Arguments that do not parse
 * get one {@code Error:} line, a hint, and exit code 2; a command that throws gets exit code 1.
 */
public final class CommandLine {

  /** The exit code of arguments that do not parse (the builder pod contract's user error). */
  public static final int USAGE_ERROR = 2;

  /** The exit code of a command that failed with an exception it did not handle. */
  public static final int INTERNAL_ERROR = 1;

  private final Command root;
  private PrintWriter out;
  private PrintWriter err;

  /** Runs {@code root}, printing to the process's standard output and error. */
  public CommandLine(Command root) {
    this.root = Objects.requireNonNull(root, "root");
    Console system = Console.system();
    this.out = system.out();
    this.err = system.err();
  }

  public CommandLine setOut(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
    return this;
  }

  public CommandLine setErr(PrintWriter err) {
    this.err = Objects.requireNonNull(err, "err");
    return this;
  }

  /** The names (and aliases) of the root's subcommands. */
  public Set<String> subcommands() {
    return root.spec().subcommands().keySet();
  }

  /** Runs {@code args}; returns the exit code. */
  public int execute(String... args) {
    CommandSpec spec = root.spec();
    return execute(root, spec, spec.name(), spec.version(), List.of(args));
  }

  private int execute(
      Command command, CommandSpec spec, String path, String version, List<String> args) {
    if (!spec.subcommands().isEmpty() && !args.isEmpty()) {
      return dispatch(spec, path, version, args);
    }
    ArgumentParser.Parsed parsed = ArgumentParser.parse(spec, args);
    switch (parsed.request()) {
      case HELP -> {
        Usage.print(spec, path, out);
        return 0;
      }
      case VERSION -> {
        out.println(version.isEmpty() ? path : version);
        out.flush();
        return 0;
      }
      case RUN -> {}
    }
    if (parsed.error().isPresent()) {
      command.argumentsRefused(parsed.error().get());
      return refuse(parsed.error().get(), spec, path);
    }
    try {
      return command.call(new Console(out, err));
    } catch (RuntimeException e) {
      err.println("Error: " + path + " failed unexpectedly: " + e);
      e.printStackTrace(err);
      err.flush();
      return INTERNAL_ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int dispatch(CommandSpec spec, String path, String version, List<String> args) {
    if (StandardOptions.HELP.contains(args.getFirst())) {
      Usage.print(spec, path, out);
      return 0;
    }
    String first = args.getFirst();
    if (StandardOptions.VERSION.contains(first)) {
      out.println(version);
      out.flush();
      return 0;
    }
    Supplier<Command> factory = spec.subcommands().get(first);
    if (factory == null) {
      String problem = first.startsWith("-") ? "Unknown option: '" : "Unknown command: '";
      return refuse(problem + first + "'", spec, path);
    }
    Command sub = factory.get();
    CommandSpec subSpec = sub.spec();
    String subVersion = subSpec.version().isEmpty() ? version : subSpec.version();
    return execute(
        sub, subSpec, path + " " + subSpec.name(), subVersion, args.subList(1, args.size()));
  }

  private int refuse(String message, CommandSpec spec, String path) {
    err.println("Error: " + message);
    err.println(Usage.synopsis(spec, path));
    err.println("Run '" + path + " --help' for more.");
    err.flush();
    return USAGE_ERROR;
  }
}
