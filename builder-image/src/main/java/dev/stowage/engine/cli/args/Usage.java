package dev.stowage.engine.cli.args;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The help text of a command: synopsis, description, arguments, options or subcommands. */
public final class Usage {

  private static final int WIDTH = 100;
  private static final int MAX_TERM = 32;

  private Usage() {}

  /** {@code Usage: stowage push [OPTIONS] IMAGE [DEST]}. */
  public static String synopsis(CommandSpec spec, String path) {
    StringBuilder line = new StringBuilder("Usage: ").append(path);
    if (!spec.subcommands().isEmpty()) {
      line.append(" COMMAND");
    }
    line.append(" [OPTIONS]");
    for (PositionalSpec p : spec.positionals()) {
      line.append(' ').append(p.synopsis());
    }
    return line.toString();
  }

  /** The whole help of {@code spec}, called as {@code path} ({@code stowage build}). */
  public static void print(CommandSpec spec, String path, PrintWriter out) {
    out.println(synopsis(spec, path));
    for (String paragraph : spec.description()) {
      out.println();
      wrap(paragraph, 0, out);
    }
    List<String[]> rows = new ArrayList<>();
    if (!spec.subcommands().isEmpty()) {
      for (Map.Entry<List<String>, Supplier<Command>> e : byCommand(spec).entrySet()) {
        List<String> description = e.getValue().get().spec().description();
        rows.add(
            new String[] {
              String.join(", ", e.getKey()), description.isEmpty() ? "" : description.getFirst()
            });
      }
      section("Commands:", rows, out);
      rows.clear();
    }
    for (PositionalSpec p : spec.positionals()) {
      rows.add(new String[] {p.synopsis(), p.description()});
    }
    section("Arguments:", rows, out);
    rows.clear();
    for (OptionSpec o : spec.options()) {
      String term = String.join(", ", o.names());
      switch (o.arity()) {
        case ONE -> term += " " + o.label();
        case OPTIONAL -> term += "[=" + o.label() + "]";
        case NONE -> {}
      }
      rows.add(new String[] {term, o.description()});
    }
    rows.add(new String[] {String.join(", ", StandardOptions.HELP), "Show this help and exit."});
    rows.add(new String[] {String.join(", ", StandardOptions.VERSION), "Print the version."});
    section("Options:", rows, out);
    if (!spec.subcommands().isEmpty()) {
      out.println();
      out.println("Run '" + path + " COMMAND --help' for the options of a command.");
    }
    out.flush();
  }

  /** Subcommands with all their names, in declaration order. */
  private static Map<List<String>, Supplier<Command>> byCommand(CommandSpec spec) {
    Map<Supplier<Command>, List<String>> names = new LinkedHashMap<>();
    spec.subcommands().forEach((n, f) -> names.computeIfAbsent(f, k -> new ArrayList<>()).add(n));
    Map<List<String>, Supplier<Command>> out = new LinkedHashMap<>();
    names.forEach((f, n) -> out.put(n, f));
    return out;
  }

  private static void section(String title, List<String[]> rows, PrintWriter out) {
    if (rows.isEmpty()) {
      return;
    }
    out.println();
    out.println(title);
    int column = 0;
    for (String[] row : rows) {
      if (row[0].length() <= MAX_TERM) {
        column = Math.max(column, row[0].length());
      }
    }
    int indent = 2 + column + 2;
    for (String[] row : rows) {
      String term = "  " + row[0];
      if (row[1].isEmpty()) {
        out.println(term);
      } else if (row[0].length() <= column) {
        wrap(term + " ".repeat(indent - term.length()) + row[1], indent, out);
      } else {
        out.println(term);
        wrap(" ".repeat(indent) + row[1], indent, out);
      }
    }
  }

  /** Prints {@code text} in lines of at most {@link #WIDTH}, continuation lines indented. */
  private static void wrap(String text, int indent, PrintWriter out) {
    String rest = text;
    while (rest.length() > WIDTH) {
      int cut = rest.lastIndexOf(' ', WIDTH);
      if (cut <= indent) {
        break;
      }
      out.println(rest.substring(0, cut));
      rest = " ".repeat(indent) + rest.substring(cut + 1);
    }
    out.println(rest);
  }
}
