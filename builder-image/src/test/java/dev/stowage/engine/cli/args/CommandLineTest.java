package dev.stowage.engine.cli.args;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dispatch, help, and what the runner does with refused arguments and failing commands. */
class CommandLineTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger made = new AtomicInteger();
  private final List<String> refused = new ArrayList<>();
  private final List<String> ran = new ArrayList<>();

  /** {@code greet [--loud] NAME}, counting how often it is made. */
  private final class Greet implements Command {
    private boolean loud;
    private String name;

    Greet() {
      made.incrementAndGet();
    }

    @Override
    public CommandSpec spec() {
      return CommandSpec.named("greet")
          .description(
              "Greets NAME, a friendly command whose help runs long enough to be wrapped"
                  + " at the width of a terminal that is one hundred columns wide.")
          .option(OptionSpec.flag("-l", "--loud").help("Shout.").toBoolean(v -> loud = v))
          .positional(PositionalSpec.one("NAME", "Who.", v -> name = v))
          .build();
    }

    @Override
    public int call(Console console) {
      if (name.equals("crash")) {
        throw new IllegalStateException("boom");
      }
      ran.add(loud ? name.toUpperCase() : name);
      console.out().println("hi " + name);
      return 0;
    }

    @Override
    public void argumentsRefused(String message) {
      refused.add(message);
    }
  }

  private final class Root implements Command {
    @Override
    public CommandSpec spec() {
      return CommandSpec.named("tool")
          .version("tool 1")
          .description("A tool.")
          .subcommand(Greet::new, "greet", "hello")
          .subcommand(Greet::new, "other")
          .build();
    }

    @Override
    public int call(Console console) {
      Usage.print(spec(), "tool", console.out());
      return 0;
    }
  }

  private int run(String... args) {
    return new CommandLine(new Root())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void onlyTheNamedSubcommandIsMadeAndRun() {
    assertThat(run("hello", "--loud", "ann")).isZero();

    assertThat(made).hasValue(1);
    assertThat(ran).containsExactly("ANN");
    assertThat(out.toString()).isEqualTo("hi ann\n");
  }

  @Test
  void refusedArgumentsReachTheCommandAndExitTwoWithoutRunningIt() {
    assertThat(run("greet", "--quiet", "ann")).isEqualTo(2);

    assertThat(refused).containsExactly("Unknown option: '--quiet'");
    assertThat(ran).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "Error: Unknown option: '--quiet'\n"
                + "Usage: tool greet [OPTIONS] NAME\n"
                + "Run 'tool greet --help' for more.\n");
  }

  @Test
  void aCommandThatThrowsExitsOneAndSaysWhat() {
    assertThat(run("greet", "crash")).isEqualTo(1);

    assertThat(err.toString())
        .startsWith("Error: tool greet failed unexpectedly: java.lang.IllegalStateException: boom");
  }

  @Test
  void helpListsArgumentsAndOptionsAndWrapsLongText() {
    assertThat(run("greet", "--help")).isZero();

    assertThat(out.toString())
        .isEqualTo(
            """
            Usage: tool greet [OPTIONS] NAME

            Greets NAME, a friendly command whose help runs long enough to be wrapped at the width of a terminal
            that is one hundred columns wide.

            Arguments:
              NAME  Who.

            Options:
              -l, --loud     Shout.
              -h, --help     Show this help and exit.
              -V, --version  Print the version.
            """);
  }

  @Test
  void theRootListsEachCommandOnceWithAllItsNames() {
    assertThat(run()).isZero();

    assertThat(out.toString())
        .contains("Commands:\n  greet, hello  Greets NAME,")
        .contains("\n  other         Greets NAME,")
        .contains("Run 'tool COMMAND --help' for the options of a command.");
    assertThat(made).hasValue(2);
  }

  @Test
  void anUnknownCommandOrRootOptionExitsTwo() {
    assertThat(run("wave")).isEqualTo(2);
    assertThat(run("--wave")).isEqualTo(2);

    assertThat(err.toString())
        .contains("Error: Unknown command: 'wave'")
        .contains("Error: Unknown option: '--wave'")
        .contains("Usage: tool COMMAND [OPTIONS]");
    assertThat(made).hasValue(0);
  }

  @Test
  void versionComesFromTheRoot() {
    assertThat(run("greet", "-V")).isZero();

    assertThat(out.toString()).isEqualTo("tool 1\n");
  }
}
