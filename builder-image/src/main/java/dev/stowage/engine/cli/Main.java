package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.cli.args.Console;
import dev.stowage.engine.cli.args.Usage;

/**
 * Entry point of the {@code stowage} command line. Only the subcommand named first is made and
 * parsed: a cached build's whole run is a few hundred milliseconds, so the command line must cost
 * next to nothing (no reflection, nothing the JDK's AOT cache cannot hold).
 */
public final class Main implements Command {

  static final String NAME = "stowage";
  static final String VERSION = "stowage 0.1.0";

  private static volatile boolean standalone;

  public static void main(String[] args) {
    standalone = true;
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** True when this JVM runs the CLI as its program (not a test calling it in-process). */
  static boolean standalone() {
    return standalone;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.named(NAME)
        .version(VERSION)
        .description("Builds container images from a Containerfile without a daemon.")
        .subcommand(SourceCommand::new, "source")
        .subcommand(BuildCommand::new, "build", "bud")
        .subcommand(PullCommand::new, "pull")
        .subcommand(PushCommand::new, "push")
        .subcommand(ImagesCommand::new, "images")
        .subcommand(RmiCommand::new, "rmi")
        .subcommand(InspectCommand::new, "inspect")
        .subcommand(TagCommand::new, "tag")
        .subcommand(ImportCommand::new, "import")
        .build();
  }

  /** Without a command: the list of commands. */
  @Override
  public int call(Console console) {
    Usage.print(spec(), NAME, console.out());
    return 0;
  }
}
