package dev.stowage.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the operator jar: {@code run} the operator or {@code render} a builder pod. */
@Command(
    name = "stowage-operator",
    mixinStandardHelpOptions = true,
    version = "stowage-operator 0.1.0",
    description = "Turns ImageBuild resources into locked-down builder pods.",
    subcommands = {RunCommand.class, RenderCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand registered. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** The command line creating subcommands through {@code factory} (tests inject fakes). */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(new Main(), factory);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
