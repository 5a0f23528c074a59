package dev.stowage.engine.json;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader that spares a short run Jackson's parser: it reads every well-formed document itself,
 * to the tree Jackson gives, and declines everything else, so that Jackson's error message holds.
 */
class PlainJsonReaderTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper BIG_DECIMALS =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static Stream<String> documents() {
    return JsonTreesTest.documents();
  }

  @ParameterizedTest
  @MethodSource("documents")
  void readsEveryWellFormedDocumentItselfToJacksonsTree(String json) throws Exception {
    byte[] bytes = json.getBytes(UTF_8);

    JsonTreesTest.assertSameTree(
        PlainJsonReader.read(bytes, false, false).orElseThrow(), MAPPER.readTree(bytes));
    JsonTreesTest.assertSameTree(
        PlainJsonReader.read(json, true, true).orElseThrow(), BIG_DECIMALS.readTree(json));
  }

  static Stream<String> declined() {
    return Stream.of(
        "{",
        "[1,",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "[1 2]",
        "{\"a\":}",
        "tru",
        "truex",
        "true$",
        "123]",
        "123,",
        "1.5}",
        "\"open",
        "\"tab\tinside\"",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"\\u0\u066341\"",
        "[01]",
        "[-]",
        "[1.]",
        "[1e]",
        "[.5]",
        "[1.5x]",
        "NaN",
        "// comment\n{}",
        "{'single': 1}",
        "\uFEFF{}",
        "[" + "1".repeat(600) + "]",
        "[".repeat(600) + "]".repeat(600));
  }

  @ParameterizedTest
  @MethodSource("declined")
  void declinesWhatIsNotPlainlyWellFormed(String json) {
    assertThat(PlainJsonReader.read(json, false, false)).isEmpty();
    assertThat(PlainJsonReader.read(json.getBytes(UTF_8), false, false)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void declinesOtherEncodingsMalformedUtf8AndContentAfterTheValueWhenNoneMayFollow() {
    assertThat(PlainJsonReader.read("{\"a\":1}".getBytes(UTF_16BE), false, false)).isEmpty();
    assertThat(PlainJsonReader.read(new byte[] {'"', (byte) 0xC3, '"'}, false, false)).isEmpty();
    assertThat(PlainJsonReader.read("[\"a\"] [\"b\"]", false, true)).isEmpty();
    assertThat(PlainJsonReader.read("[\"a\"] [\"b\"]", false, false)).isPresent();
    assertThat(PlainJsonReader.read("[\"a\"]  \n", false, true)).isPresent();
  }
}
