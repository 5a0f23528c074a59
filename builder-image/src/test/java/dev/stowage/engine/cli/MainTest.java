package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.cli.args.Command;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.cli.args.OptionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code stowage} command line: its commands, help, version and argument errors. */
class MainTest {

  @Test
  void everyCommandAnswersToItsNameAndBuildAlsoToBud() {
    assertThat(new CommandLine(new Main()).subcommands())
        .containsExactly(
            "source", "build", "bud", "pull", "push", "images", "rmi", "inspect", "tag", "import");
  }

  @Test
  void noArgumentsListTheCommandsWithTheirSummaries() {
    Cli.Run run = Cli.run();

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("Usage: stowage COMMAND [OPTIONS]")
        .contains("  build, bud ")
        .contains("Builds an image from a Containerfile")
        .contains("Run 'stowage COMMAND --help' for the options of a command.");
    assertThat(Cli.run("--help").out()).isEqualTo(run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void versionIsTheSameAtTheTopAndUnderACommand(String option) {
    assertThat(Cli.run(option).out()).isEqualTo(Main.VERSION + "\n");
    assertThat(Cli.run("build", option).out()).isEqualTo(Main.VERSION + "\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source", "build", "bud", "pull", "push", "images", "rmi", "inspect", "tag", "import"
      })
  void helpOfACommandShowsEachOfItsOptionsInLinesOfAtMostOneHundred(String name) {
    Supplier<Command> factory = new Main().spec().subcommands().get(name);

    Cli.Run run = Cli.run(name, "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("Usage: stowage " + factory.get().spec().name() + " [OPTIONS]");
    for (OptionSpec option : factory.get().spec().options()) {
      assertThat(run.out()).contains(String.join(", ", option.names()));
    }
    assertThat(run.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(101));
  }

  @Test
  void aMissingOptionValueNamesTheOptionAndWhereHelpIs() {
    Cli.Run run = Cli.run("images", "--format");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("Error: Missing value for option '--format' (table|json)\n")
        .contains("Usage: stowage images [OPTIONS]")
        .contains("Run 'stowage images --help' for more.");
  }

  @Test
  void anUnknownCommandExitsTwo() {
    Cli.Run run = Cli.run("frobnicate", "x");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("Error: Unknown command: 'frobnicate'");
  }

  @Test
  void anUnknownOptionOfABuildIsRecordedInItsResultFile(@TempDir Path tmp) throws Exception {
    Path result = tmp.resolve("result.json");

    Cli.Run run = Cli.run("build", "--frobnicate", "--result-file", result.toString(), ".");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(Files.readString(result))
        .isEqualTo(
            "{\"error\":2,\"reason\":\"InvalidArguments\",\"message\":\"Unknown option:"
                + " '--frobnicate'\"}\n");
  }
}
