package dev.stowage.engine.json;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Parses JSON into Jackson trees ({@link JsonNode}) and writes them, with the trees and bytes a
 * default {@code ObjectMapper}'s {@code readTree} and {@code writeValueAsBytes} give. Well-formed
 * input is read by {@link PlainJsonReader}, the rest (and every error message) by Jackson's parser.
 * The mapper is never built: its set-up (type factory, serializer caches, date formats, the time
 * zone database) costs a short CLI run a tenth of a second or more, and trees need none of it.
 * {@code JsonTreesTest} holds both to the same results.
 */
public final class JsonTrees {

  /** How {@link #parse} reads a document; without options it reads as a default mapper does. */
  public enum Option {
    /**
     * Floating-point numbers as {@link BigDecimal} without trailing zeros, as the mapper's {@code
     * USE_BIG_DECIMAL_FOR_FLOATS} reads them: no digit of an image config is lost or changed.
     */
    BIG_DECIMAL_FLOATS,
    /**
     * Anything after the first value is an error (the mapper's {@code FAIL_ON_TRAILING_TOKENS}).
     */
    NO_TRAILING_CONTENT
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Made on first use: a run that only reads well-formed JSON never needs it. */
  private static final class Factory {
    static final JsonFactory INSTANCE = new JsonFactory();
  }

  private JsonTrees() {}

  /**
   * The tree of {@code json}: {@code MissingNode} when it holds no value at all, as {@code
   * readTree} answers; a syntax error is a {@link JsonParseException} saying where.
   */
  public static JsonNode parse(byte[] json, Option... options) throws IOException {
    Optional<JsonNode> plain =
        PlainJsonReader.read(json, has(options, Option.BIG_DECIMAL_FLOATS), strict(options));
    return plain.isPresent() ? plain.get() : jackson(Factory.INSTANCE.createParser(json), options);
  }

  /** {@link #parse(byte[], Option...)} of text. */
  public static JsonNode parse(String json, Option... options) throws IOException {
    Optional<JsonNode> plain =
        PlainJsonReader.read(json, has(options, Option.BIG_DECIMAL_FLOATS), strict(options));
    return plain.isPresent() ? plain.get() : jackson(Factory.INSTANCE.createParser(json), options);
  }

  /** What {@link PlainJsonReader} declined: Jackson's tree, or its error. */
  private static JsonNode jackson(JsonParser parser, Option[] options) throws IOException {
    try (parser) {
      return document(parser, options);
    }
  }

  private static boolean strict(Option[] options) {
    return has(options, Option.NO_TRAILING_CONTENT);
  }

  private static boolean has(Option[] options, Option wanted) {
    for (Option option : options) {
      if (option == wanted) {
        return true;
      }
    }
    return false;
  }

  /** The compact UTF-8 bytes of {@code node}, fields in their order in the tree. */
  public static byte[] bytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = Factory.INSTANCE.createGenerator(out, JsonEncoding.UTF8)) {
      write(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return out.toByteArray();
  }

  /** The compact JSON text of {@code node}. */
  public static String text(JsonNode node) {
    return text(node, false);
  }

  /** {@code node} indented as the mapper's default pretty printer does, for people to read. */
  public static String prettyText(JsonNode node) {
    return text(node, true);
  }

  private static String text(JsonNode node, boolean pretty) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator generator = Factory.INSTANCE.createGenerator(out)) {
      if (pretty) {
        generator.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      write(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return out.toString();
  }

  private static JsonNode document(JsonParser parser, Option[] options) throws IOException {
    boolean bigDecimals = false;
    boolean noTrailing = false;
    for (Option option : options) {
      switch (option) {
        case BIG_DECIMAL_FLOATS -> bigDecimals = true;
        case NO_TRAILING_CONTENT -> noTrailing = true;
      }
    }
    JsonToken first = parser.nextToken();
    if (first == null) {
      return NODES.missingNode();
    }
    JsonNode value = value(parser, first, bigDecimals);
    if (noTrailing) {
      JsonToken next = parser.nextToken();
      if (next != null) {
        throw new JsonParseException(
            parser, "trailing token (" + next + ") after the JSON value; expected end of input");
      }
    }
    return value;
  }

  private static JsonNode value(JsonParser parser, JsonToken token, boolean bigDecimals)
      throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
          String name = parser.currentName();
          // a repeated name keeps its first place and takes the last value, as readTree does
          object.replace(name, value(parser, parser.nextToken(), bigDecimals));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(value(parser, t, bigDecimals));
        }
        yield array;
      }
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> {
        if (bigDecimals) {
          BigDecimal decimal = parser.getDecimalValue();
          try {
            decimal = decimal.stripTrailingZeros();
          } catch (ArithmeticException e) {
            // an exponent out of int range: kept as written, as the mapper does
          }
          yield NODES.numberNode(decimal);
        }
        yield NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default ->
          throw new JsonParseException(parser, "unexpected " + token + " where a value belongs");
    };
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject(node);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          g.writeFieldName(field.getKey());
          write(g, field.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray(node, node.size());
        for (JsonNode element : node) {
          write(g, element);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> g.writeNumber(node.intValue());
          case LONG -> g.writeNumber(node.longValue());
          case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
          case FLOAT -> g.writeNumber(node.floatValue());
          case DOUBLE -> g.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case BINARY -> {
        byte[] data = node.binaryValue();
        g.writeBinary(Base64Variants.getDefaultVariant(), data, 0, data.length);
      }
      case NULL, MISSING -> g.writeNull();
      case POJO ->
          throw new IllegalArgumentException(
              "cannot write a POJO node without an ObjectMapper: " + node.getClass().getName());
    }
  }
}
