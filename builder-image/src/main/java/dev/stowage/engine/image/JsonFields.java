package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Typed access to the members of one JSON object, with errors that name the field's path. */
final class JsonFields {

  private final JsonNode node;
  private final String path;

  JsonFields(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new ImageFormatException(path + " must be a JSON object");
    }
    this.node = node;
    this.path = path;
  }

  JsonNode node() {
    return node;
  }

  String path(String field) {
    return path + "." + field;
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  String text(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ImageFormatException(path(field) + " must be a string, got " + v.getNodeType());
    }
    return v.textValue();
  }

  String requiredText(String field) {
    String v = text(field);
    if (v == null) {
      throw new ImageFormatException(path(field) + " is missing");
    }
    return v;
  }

  long requiredLong(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new ImageFormatException(path(field) + " is missing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ImageFormatException(path(field) + " must be an integer, got " + v);
    }
    return v.longValue();
  }

  Long optionalLong(String field) {
    return has(field) ? requiredLong(field) : null;
  }

  Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new ImageFormatException(path(field) + " must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  Instant instant(String field) {
    String v = text(field);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new ImageFormatException(path(field) + " is not an RFC 3339 time: " + v, e);
    }
  }

  Digest digest(String field) {
    String v = text(field);
    if (v == null) {
      return null;
    }
    try {
      return Digest.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ImageFormatException(path(field) + ": " + e.getMessage(), e);
    }
  }

  JsonFields object(String field) {
    return has(field) ? new JsonFields(node.get(field), path(field)) : null;
  }

  /** The elements of an array member as objects; empty when absent. */
  List<JsonFields> objects(String field) {
    JsonNode v = array(field);
    List<JsonFields> out = new ArrayList<>();
    for (int i = 0; v != null && i < v.size(); i++) {
      out.add(new JsonFields(v.get(i), path + "." + field + "[" + i + "]"));
    }
    return out;
  }

  /** A string array member; null when absent or JSON null. */
  List<String> strings(String field) {
    JsonNode v = array(field);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new ImageFormatException(path + "." + field + "[" + i + "] must be a string");
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }

  /** A string-to-string map member, sorted by key; empty when absent. */
  SortedMap<String, String> stringMap(String field) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!has(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (!v.isObject()) {
      throw new ImageFormatException(path(field) + " must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw new ImageFormatException(path(field) + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /** The keys of a Go {@code map[string]struct{}} member such as ExposedPorts; empty if absent. */
  Set<String> keySet(String field) {
    Set<String> out = new TreeSet<>();
    if (!has(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (!v.isObject()) {
      throw new ImageFormatException(path(field) + " must be an object");
    }
    v.fieldNames().forEachRemaining(out::add);
    return out;
  }

  UnknownFields unknown(Set<String> known) {
    return UnknownFields.of(node, known);
  }

  private JsonNode array(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new ImageFormatException(path(field) + " must be an array");
    }
    return v;
  }

  // Writing side: members are added only when they carry a value, so output stays minimal.

  static void put(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  static void putNonEmpty(ObjectNode o, String field, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(field, value);
    }
  }

  static void put(ObjectNode o, String field, Instant value) {
    if (value != null) {
      o.put(field, DateTimeFormatter.ISO_INSTANT.format(value));
    }
  }

  static void putStrings(ObjectNode o, String field, List<String> values) {
    if (values != null) {
      ArrayNode a = o.putArray(field);
      values.forEach(a::add);
    }
  }

  static void putNonEmptyStrings(ObjectNode o, String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      putStrings(o, field, values);
    }
  }

  static void putMap(ObjectNode o, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode m = o.putObject(field);
      new TreeMap<>(values).forEach(m::put);
    }
  }

  static void putKeySet(ObjectNode o, String field, Collection<String> keys) {
    if (!keys.isEmpty()) {
      ObjectNode m = o.putObject(field);
      new TreeSet<>(keys).forEach(k -> m.putObject(k));
    }
  }

  static <T> List<T> copyOrNull(List<T> list) {
    return list == null ? null : List.copyOf(list);
  }

  static SortedMap<String, String> sortedCopy(Map<String, String> map) {
    return map == null
        ? java.util.Collections.emptySortedMap()
        : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  static Set<String> sortedSet(Collection<String> values) {
    return values == null
        ? java.util.Collections.emptySortedSet()
        : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }
}
