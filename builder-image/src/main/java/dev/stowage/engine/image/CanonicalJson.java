package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;

/**
 * Reads image JSON and writes it compactly in the field order the value types build, so the bytes
 * (and therefore the digest) of a value are stable.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses {@code bytes} as one JSON object; {@code what} names the document in errors. */
  public static ObjectNode parseObject(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = JsonTrees.parse(bytes, JsonTrees.Option.BIG_DECIMAL_FLOATS);
    } catch (IOException e) {
      throw new ImageFormatException(what + " is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new ImageFormatException(what + " is not a JSON object");
    }
    return (ObjectNode) node;
  }

  /** The compact UTF-8 bytes of {@code node}, fields in insertion order. */
  public static byte[] bytes(JsonNode node) {
    return JsonTrees.bytes(node);
  }

  /** The compact JSON text of {@code node}. */
  public static String text(JsonNode node) {
    return JsonTrees.text(node);
  }
}
