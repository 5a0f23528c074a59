package dev.stowage.engine.cli;

import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point of the {@code stowage} command line. */
@Command(
    name = Main.NAME,
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

  static final String NAME = "stowage";

  /**
   * Every subcommand name and alias of the annotation above. picocli builds a command's model by
   * reflection, tens of milliseconds each; a run that names its subcommand first only needs that
   * one ({@code MainTest} keeps this map and the annotation in step).
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS =
      Map.of(
          "build", BuildCommand::new,
          "bud", BuildCommand::new,
          "pull", PullCommand::new,
          "push", PushCommand::new,
          "images", ImagesCommand::new,
          "rmi", RmiCommand::new,
          "inspect", InspectCommand::new,
          "tag", TagCommand::new,
          "import", ImportCommand::new,
          "source", SourceCommand::new);

  private static volatile boolean standalone;

  public static void main(String[] args) {
    standalone = true;
    System.exit(commandLine(args).execute(args));
  }

  /** True when this JVM runs the CLI as its program (not a test calling it in-process). */
  static boolean standalone() {
    return standalone;
  }

  /**
   * The command line to execute {@code args} with: when the first argument names a subcommand, a
   * root holding only that subcommand (its options, help and errors are the same, and no other
   * command's model is built); otherwise the whole tree, for {@code --help}, {@code --version} and
   * the errors that list the commands.
   */
  static CommandLine commandLine(String... args) {
    Supplier<Object> subcommand = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (subcommand == null) {
      return new CommandLine(new Main());
    }
    CommandLine root = new CommandLine(CommandSpec.create().name(NAME));
    root.addSubcommand(subcommand.get());
    return root;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
