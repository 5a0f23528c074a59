package dev.stowage.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code stowage} command line. */
@Command(
    name = "stowage",
    mixinStandardHelpOptions = true,
    subcommands = {
      SourceCommand.class,
      BuildCommand.class,
      PullCommand.class,
      PushCommand.class,
      ImagesCommand.class,
      RmiCommand.class,
      InspectCommand.class,
      TagCommand.class,
      ImportCommand.class
    },
    version = "stowage 0.1.0",
    description = "Builds container images from a Containerfile without a daemon.")
public final class Main implements Runnable {

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
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
