package dev.stowage.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the operator jar: {@code run} the operator or {@code render} a builder pod. */
@Command(
    name = "stowage-operator",
    mixinStandardHelpOptions = true,
    version = "stowage-operator 0.1.0",
    description = "Turns ImageBuild resources into locked-down builder pods.",
    subcommands = {RunCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
