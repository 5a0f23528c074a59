package dev.stowage.engine.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How arguments reach options and positionals, buildah's way. */
class ArgumentParserTest {

  /** A command with one option of each kind and the positionals {@code IMAGE [DEST]}. */
  private static final class Sample {
    String file;
    final List<String> tags = new ArrayList<>();
    Boolean push;
    Boolean tlsVerify;
    String pull;
    Integer level;
    Path root;
    String image;
    String dest;

    CommandSpec spec() {
      return CommandSpec.named("sample")
          .option(OptionSpec.value("-f", "--file").label("FILE").to(v -> file = v))
          .option(OptionSpec.value("-t", "--tag").label("NAME").to(tags::add))
          .option(OptionSpec.flag("--push").toBoolean(v -> push = v))
          .option(OptionSpec.optional("true", "--tls-verify").toBoolean(v -> tlsVerify = v))
          .option(
              OptionSpec.optional("always", "--pull")
                  .separateValues("always", "missing", "never")
                  .to(v -> pull = v))
          .option(OptionSpec.value("--level").label("N").toInt(v -> level = v))
          .option(OptionSpec.value("--root").label("DIR").toPath(v -> root = v))
          .positional(PositionalSpec.one("IMAGE", "", v -> image = v))
          .positional(PositionalSpec.optional("DEST", "", v -> dest = v))
          .build();
    }

    ArgumentParser.Parsed parse(String... args) {
      return ArgumentParser.parse(spec(), List.of(args));
    }
  }

  @Test
  void valuesFollowAsTheNextArgumentAfterAnEqualsSignOrGluedToAShortName() {
    Sample s = new Sample();

    var parsed = s.parse("--file", "A", "-t", "x", "-ty", "-t=z", "--root=/r", "img");

    assertThat(parsed.error()).isEmpty();
    assertThat(s.file).isEqualTo("A");
    assertThat(s.tags).containsExactly("x", "y", "z");
    assertThat(s.root).isEqualTo(Path.of("/r"));
    assertThat(s.image).isEqualTo("img");
  }

  @Test
  void aSingleValueOptionGivenTwiceKeepsTheLast() {
    Sample s = new Sample();

    s.parse("-f", "one", "--file=two", "img");

    assertThat(s.file).isEqualTo("two");
  }

  @Test
  void flagsAreTrueBareAndTakeTrueOrFalseAfterAnEqualsSign() {
    Sample bare = new Sample();
    Sample off = new Sample();
    Sample wrong = new Sample();

    bare.parse("--push", "img");
    off.parse("--push=FALSE", "img");

    assertThat(bare.push).isTrue();
    assertThat(off.push).isFalse();
    assertThat(wrong.parse("--push=maybe", "img").error())
        .contains("Invalid value for option '--push': 'maybe' is not true or false");
  }

  @Test
  void anOptionalValueIsTakenFromTheNextArgumentOnlyWhenItIsOneOfItsValues() {
    Sample bare = new Sample();
    Sample separate = new Sample();
    Sample attached = new Sample();

    bare.parse("--tls-verify", "img", "--pull", "dest");
    separate.parse("--tls-verify", "false", "--pull", "never", "img");
    attached.parse("--tls-verify=false", "--pull=missing", "img");

    assertThat(bare.tlsVerify).isTrue();
    assertThat(bare.pull).isEqualTo("always");
    assertThat(bare.image).isEqualTo("img");
    assertThat(bare.dest).isEqualTo("dest");
    assertThat(separate.tlsVerify).isFalse();
    assertThat(separate.pull).isEqualTo("never");
    assertThat(separate.image).isEqualTo("img");
    assertThat(attached.tlsVerify).isFalse();
    assertThat(attached.pull).isEqualTo("missing");
  }

  @Test
  void aValueMayStartWithADashUnlessItIsAnOption() {
    Sample negative = new Sample();
    Sample missing = new Sample();

    negative.parse("--level", "-3", "img");
    var parsed = missing.parse("--file", "--push", "img");

    assertThat(negative.level).isEqualTo(-3);
    assertThat(parsed.error()).contains("Missing value for option '--file' (FILE)");
    assertThat(missing.push).isTrue();
  }

  @Test
  void aValueMissingAtTheEndIsNamed() {
    assertThat(new Sample().parse("img", "--level").error())
        .contains("Missing value for option '--level' (N)");
  }

  @Test
  void aValueThatDoesNotConvertNamesTheOption() {
    assertThat(new Sample().parse("--level", "high", "img").error())
        .contains("Invalid value for option '--level': 'high' is not a whole number");
  }

  @Test
  void doubleDashEndsTheOptions() {
    Sample s = new Sample();

    var parsed = s.parse("--", "--push", "-t");

    assertThat(parsed.error()).isEmpty();
    assertThat(s.image).isEqualTo("--push");
    assertThat(s.dest).isEqualTo("-t");
    assertThat(s.push).isNull();
  }

  @Test
  void aLoneDashIsAnArgument() {
    Sample s = new Sample();

    s.parse("-", "img");

    assertThat(s.image).isEqualTo("-");
  }

  @Test
  void theFirstProblemIsReportedAndEveryGoodOptionIsStillSet() {
    Sample s = new Sample();

    var parsed = s.parse("--bogus", "--level", "x", "-t", "kept", "img");

    assertThat(parsed.request()).isEqualTo(ArgumentParser.Request.RUN);
    assertThat(parsed.error()).contains("Unknown option: '--bogus'");
    assertThat(s.tags).containsExactly("kept");
  }

  @Test
  void aShortFlagTakesNoGluedValue() {
    CommandSpec spec =
        CommandSpec.named("q").option(OptionSpec.flag("-q").toBoolean(v -> {})).build();

    assertThat(ArgumentParser.parse(spec, List.of("-qx")).error())
        .contains("Option '-q' takes no value (in '-qx')");
  }

  @Test
  void positionalsAreDealtOutInOrderWithinTheirCounts() {
    Sample two = new Sample();
    two.parse("img", "dest");
    assertThat(two.image).isEqualTo("img");
    assertThat(two.dest).isEqualTo("dest");

    assertThat(new Sample().parse().error()).contains("Missing argument IMAGE");
    assertThat(new Sample().parse("a", "b", "c", "d").error())
        .contains("Unexpected arguments: 'c' 'd'");
  }

  @Test
  void aListAfterARequiredOneTakesTheRest() {
    List<String> names = new ArrayList<>();
    String[] image = new String[1];
    CommandSpec spec =
        CommandSpec.named("tag")
            .positional(PositionalSpec.one("IMAGE", "", v -> image[0] = v))
            .positional(PositionalSpec.oneOrMore("NAME", "", names::add))
            .build();

    assertThat(ArgumentParser.parse(spec, List.of("i", "a", "b")).error()).isEmpty();
    assertThat(image[0]).isEqualTo("i");
    assertThat(names).containsExactly("a", "b");
    assertThat(ArgumentParser.parse(spec, List.of("i")).error()).contains("Missing argument NAME");
  }

  @Test
  void helpAndVersionWinOverAnyProblem() {
    assertThat(new Sample().parse("--bogus", "-h").request())
        .isEqualTo(ArgumentParser.Request.HELP);
    assertThat(new Sample().parse("--level", "x", "--version").request())
        .isEqualTo(ArgumentParser.Request.VERSION);
  }

  @Test
  void anOptionNameDeclaredTwiceIsADeclarationError() {
    assertThatThrownBy(
            () ->
                CommandSpec.named("x")
                    .option(OptionSpec.flag("--push").toBoolean(v -> {}))
                    .option(OptionSpec.value("--push").to(v -> {}))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option --push declared twice");
    assertThatThrownBy(
            () ->
                CommandSpec.named("x").option(OptionSpec.flag("--help").toBoolean(v -> {})).build())
        .hasMessageContaining("option --help declared twice");
  }
}
