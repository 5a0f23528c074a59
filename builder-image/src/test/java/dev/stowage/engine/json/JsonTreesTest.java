package dev.stowage.engine.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trees and bytes of {@link JsonTrees} are those of a default ObjectMapper, which it replaces.
 */
class JsonTreesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper BIG_DECIMALS =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static Stream<String> documents() {
    List<String> docs =
        new ArrayList<>(
            List.of(
                "{}",
                "[]",
                "null",
                "true",
                "\"text\"",
                "0",
                "-0",
                "-0.0",
                "1.50",
                "1.0E+2",
                "1e400",
                "-1e-400",
                "0.000000000000000000000000000001",
                "123456789012345678901234567890.123456789",
                "2147483647",
                "2147483648",
                "-2147483649",
                "9223372036854775807",
                "9223372036854775808",
                "-92233720368547758090",
                "{\"a\":1,\"b\":[1,2.5,\"x\",null,true,false,{}],\"c\":{\"d\":[]}}",
                "{\"dup\":1,\"other\":2,\"dup\":3}",
                "{\"Env\":[\"PATH=/usr/bin\"],\"Labels\":{\"é\":\"ünïcødé ☃ \uD83D\uDE00\"}}",
                "\"escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u001f \\u2028 \\uD83D\\uDE00\"",
                "{\"created\":\"2024-05-01T12:34:56.123456789Z\",\"size\":12345678901}",
                "  {\"spaces\" :  [ 1 , 2 ] }  ",
                "[1e2, 1E-2, 0.1, 100.000, 3.14159265358979323846264338327950288]",
                "[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]",
                "{\"empty\":\"\",\"nested\":{\"empty\":{}}}"));
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      docs.add(randomValue(random, 0));
    }
    return docs.stream();
  }

  @ParameterizedTest
  @MethodSource("documents")
  void parsesToTheTreesOfADefaultMapper(String json) throws Exception {
    byte[] bytes = json.getBytes(UTF_8);

    assertSameTree(JsonTrees.parse(bytes), MAPPER.readTree(bytes));
    assertSameTree(JsonTrees.parse(json), MAPPER.readTree(json));
    assertSameTree(
        JsonTrees.parse(bytes, JsonTrees.Option.BIG_DECIMAL_FLOATS), BIG_DECIMALS.readTree(bytes));
    assertSameTree(
        JsonTrees.parse(json, JsonTrees.Option.NO_TRAILING_CONTENT), STRICT.readTree(json));
  }

  @ParameterizedTest
  @MethodSource("documents")
  void writesTheBytesOfADefaultMapper(String json) throws Exception {
    for (ObjectMapper reader : List.of(MAPPER, BIG_DECIMALS)) {
      JsonNode tree = reader.readTree(json);

      assertThat(new String(JsonTrees.bytes(tree), UTF_8))
          .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), UTF_8));
      assertThat(JsonTrees.text(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
      assertThat(JsonTrees.prettyText(tree))
          .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }
  }

  @Test
  void writesNodesBuiltInCodeAsTheMapperDoes() throws Exception {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("short", (short) 7);
    node.put("float", 1.25f);
    node.put("double", 0.1);
    node.put("big", new BigInteger("123456789012345678901234567890"));
    node.put("decimal", new BigDecimal("1.500"));
    node.put("bytes", new byte[] {0, 1, 2, (byte) 0xff});
    node.putNull("none");
    node.put("missing", (String) null);
    node.putArray("list").add(1).add("two").addNull();

    assertThat(JsonTrees.bytes(node)).isEqualTo(MAPPER.writeValueAsBytes(node));
    assertThat(JsonTrees.prettyText(node))
        .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
  }

  @Test
  void emptyInputIsAMissingNodeAsForReadTree() throws Exception {
    assertThat(JsonTrees.parse(new byte[0])).isEqualTo(MAPPER.readTree(new byte[0]));
    assertThat(JsonTrees.parse("   ").isMissingNode()).isTrue();
  }

  @Test
  void contentAfterTheValueIsIgnoredUnlessForbidden() throws Exception {
    assertThat(JsonTrees.parse("[\"a\"] trailing")).isEqualTo(MAPPER.readTree("[\"a\"] trailing"));
    assertThatThrownBy(() -> STRICT.readTree("[\"a\"] [\"b\"]"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(
            () -> JsonTrees.parse("[\"a\"] [\"b\"]", JsonTrees.Option.NO_TRAILING_CONTENT))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("trailing");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedInputFailsWithTheParsersMessage(String json) {
    Throwable mapper = catchThrown(() -> MAPPER.readTree(json.getBytes(UTF_8)));
    Throwable ours = catchThrown(() -> JsonTrees.parse(json.getBytes(UTF_8)));

    assertThat(ours).isInstanceOf(JsonProcessingException.class);
    assertThat(mapper).isNotNull();
    assertThat(ours.getMessage()).isEqualTo(mapper.getMessage());
  }

  static Stream<String> malformed() {
    return Stream.of(
        "{", "[1,", "{\"a\" 1}", "[1 2]", "{\"a\":}", "tru", "\"open", "[01]", "NaN", "123]");
  }

  private interface Parse {
    Object run() throws Exception;
  }

  private static Throwable catchThrown(Parse parse) {
    try {
      parse.run();
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  /** Equal as trees, and of the same node classes all the way down (IntNode is not LongNode). */
  static void assertSameTree(JsonNode ours, JsonNode theirs) {
    assertThat(ours).isEqualTo(theirs);
    assertThat(ours.getClass()).isEqualTo(theirs.getClass());
    if (ours.isContainerNode()) {
      assertThat(ours.size()).isEqualTo(theirs.size());
      if (ours.isObject()) {
        List<String> names = new ArrayList<>();
        ours.fieldNames().forEachRemaining(names::add);
        List<String> theirNames = new ArrayList<>();
        theirs.fieldNames().forEachRemaining(theirNames::add);
        assertThat(names).isEqualTo(theirNames);
        for (String name : names) {
          assertSameTree(ours.get(name), theirs.get(name));
        }
      } else {
        for (int i = 0; i < ours.size(); i++) {
          assertSameTree(ours.get(i), theirs.get(i));
        }
      }
    }
    if (ours.isBigDecimal()) {
      assertThat(ours.decimalValue().scale()).isEqualTo(theirs.decimalValue().scale());
    }
  }

  private static String randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 6 : 8);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
      case 3 -> {
        String digits =
            new BigDecimal(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15))
                .round(new java.math.MathContext(1 + random.nextInt(25)))
                .toString();
        yield random.nextBoolean() ? digits : digits + "0".repeat(random.nextInt(3));
      }
      case 4 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
      case 5 -> quoted(random);
      case 6 -> {
        StringBuilder b = new StringBuilder("[");
        for (int i = random.nextInt(5); i > 0; i--) {
          b.append(randomValue(random, depth + 1)).append(i > 1 ? "," : "");
        }
        yield b.append(']').toString();
      }
      default -> {
        StringBuilder b = new StringBuilder("{");
        for (int i = random.nextInt(5); i > 0; i--) {
          b.append(quoted(random)).append(':').append(randomValue(random, depth + 1));
          b.append(i > 1 ? "," : "");
        }
        yield b.append('}').toString();
      }
    };
  }

  private static String quoted(Random random) {
    String alphabet = "abcXYZ09 _-./:=é☃\"\\\n\t\u0001";
    StringBuilder b = new StringBuilder("\"");
    for (int i = random.nextInt(8); i > 0; i--) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\u0001' -> b.append("\\u0001");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
