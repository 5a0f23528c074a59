package dev.stowage.engine.containerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellLexerTest {

  private static final Map<String, String> VARS =
      Map.of("FOO", "/bar", "EMPTY", "", "NAME", "world", "FILE", "archive.tar.gz", "SP", "a b");

  private static String expand(String text) throws ExpansionException {
    return ShellLexer.expanding('\\', Variables.of(VARS)).word(text);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "$FOO|/bar",
        "${FOO}|/bar",
        "${FOO}_x|/bar_x",
        "$FOO_x|''",
        "${MISSING}|''",
        "${MISSING:-dflt}|dflt",
        "${EMPTY:-dflt}|dflt",
        "${EMPTY-dflt}|''",
        "${MISSING-dflt}|dflt",
        "${FOO:-dflt}|/bar",
        "${FOO:+set}|set",
        "${EMPTY:+set}|''",
        "${EMPTY+set}|set",
        "${MISSING+set}|''",
        "${MISSING:-${FOO}/x}|/bar/x",
        "${FILE%.gz}|archive.tar",
        "${FILE%%.*}|archive",
        "${FILE#*.}|tar.gz",
        "${FILE##*.}|gz",
        "\\$FOO|$FOO",
        "\\${FOO}|${FOO}",
        "'$FOO'|$FOO",
        "\"$FOO\"|/bar",
        "\"a\\\"b\"|a\"b",
        "\"a\\nb\"|a\\nb",
        "hello\\ world|hello world",
        "$|$",
        "a$|a$",
        "$1x|x",
      })
  void expandsLikeTheDockerfileReference(String input, String expected) throws Exception {
    assertThat(expand(input)).isEqualTo(expected.equals("''") ? "" : expected);
  }

  @Test
  void requiredVariableFailsWithItsMessage() {
    assertThatThrownBy(() -> expand("${MISSING:?please set MISSING}"))
        .isInstanceOf(ExpansionException.class)
        .hasMessage("MISSING: please set MISSING");
    assertThatThrownBy(() -> expand("${EMPTY:?}")).hasMessageContaining("EMPTY");
  }

  @Test
  void questionMarkWithoutColonAcceptsEmpty() throws Exception {
    assertThat(expand("${EMPTY?must be set}")).isEmpty();
    assertThatThrownBy(() -> expand("${MISSING?must be set}")).hasMessage("MISSING: must be set");
  }

  @Test
  void unbalancedQuotesAndBracesAreErrors() {
    assertThatThrownBy(() -> expand("'abc")).hasMessageContaining("single quote");
    assertThatThrownBy(() -> expand("\"abc")).hasMessageContaining("double quote");
    assertThatThrownBy(() -> expand("${FOO")).hasMessageContaining("'}'");
    assertThatThrownBy(() -> expand("${FOO:x}")).hasMessageContaining("unsupported modifier");
    assertThatThrownBy(() -> expand("${}")).hasMessageContaining("bad substitution");
    assertThatThrownBy(() -> expand("${FILE#[z-a]}")).hasMessageContaining("invalid pattern");
  }

  @Test
  void wordsSplitOnUnquotedWhitespaceAndExpandedValues() throws Exception {
    WordExpander lexer = ShellLexer.expanding('\\', Variables.of(VARS));
    assertThat(lexer.words("a \"b c\" 'd e' f\\ g")).containsExactly("a", "b c", "d e", "f g");
    assertThat(lexer.words("$SP \"$SP\"")).containsExactly("a", "b", "a b");
    assertThat(lexer.words("x \"\" y")).containsExactly("x", "", "y");
  }

  @Test
  void backtickEscapeReplacesBackslash() throws Exception {
    WordExpander lexer = ShellLexer.expanding('`', Variables.of(VARS));
    assertThat(lexer.word("C:\\dir\\$FOO")).isEqualTo("C:\\dir\\/bar");
    assertThat(lexer.word("`$FOO")).isEqualTo("$FOO");
  }

  @Test
  void rawLexerKeepsQuotesEscapesAndUnsetVariables() throws Exception {
    assertThat(ShellLexer.raw('\\').words("cat <<\"EOF\" > $OUT \\x"))
        .containsExactly("cat", "<<\"EOF\"", ">", "$OUT", "\\x");
  }
}
