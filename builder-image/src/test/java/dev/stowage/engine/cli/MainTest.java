package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code stowage SUBCOMMAND …} builds only that subcommand's model, and behaves the same. */
class MainTest {

  @Test
  void dispatchKnowsEverySubcommandAndAliasOfTheAnnotation() {
    Map<String, CommandLine> full = new CommandLine(new Main()).getSubcommands();

    assertThat(Main.SUBCOMMANDS.keySet()).isEqualTo(full.keySet());
    Main.SUBCOMMANDS.forEach(
        (name, factory) ->
            assertThat(factory.get().getClass())
                .isEqualTo(full.get(name).getCommandSpec().userObject().getClass()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"build", "bud", "pull", "push", "images", "rmi", "inspect", "tag", "import"})
  void aNamedSubcommandGetsOnlyItselfWithTheSameHelp(String name) {
    CommandLine lean = Main.commandLine(name, "--help");
    CommandLine full = new CommandLine(new Main());

    Object expected = full.getSubcommands().get(name).getCommandSpec().userObject();
    assertThat(lean.getSubcommands().values())
        .allSatisfy(c -> assertThat(c.getCommandSpec().userObject()).hasSameClassAs(expected));
    assertThat(lean.getSubcommands().get(name).getUsageMessage())
        .isEqualTo(full.getSubcommands().get(name).getUsageMessage());
    assertThat(lean.getSubcommands().get(name).getCommandSpec().qualifiedName())
        .isEqualTo(full.getSubcommands().get(name).getCommandSpec().qualifiedName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "--version", "-V", "unknown", "--bogus"})
  void anythingElseGetsTheWholeTree(String first) {
    CommandLine cli = Main.commandLine(first, "build");

    assertThat(cli.getCommandSpec().userObject()).isInstanceOf(Main.class);
    assertThat(cli.getSubcommands()).containsKeys("build", "bud", "images");
  }

  @Test
  void noArgumentsGetTheWholeTree() {
    assertThat(Main.commandLine().getCommandSpec().userObject()).isInstanceOf(Main.class);
  }

  @Test
  void subcommandErrorsReadAsBefore() {
    Cli.Run run = Cli.run("images", "--format");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("Missing required parameter for option '--format' (table|json)")
        .contains("Usage: stowage images");
  }
}
