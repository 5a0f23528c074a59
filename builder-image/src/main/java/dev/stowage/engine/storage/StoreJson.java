package dev.stowage.engine.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes {@code layers.json} and {@code images.json} in the shape containers/storage
 * marshals them: compact, Go struct field order, empty fields omitted, map keys sorted.
 */
final class StoreJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Set<String> LAYER_FIELDS =
      Set.of(
          "id",
          "names",
          "parent",
          "metadata",
          "created",
          "compressed-diff-digest",
          "compressed-size",
          "diff-digest",
          "diff-size",
          "uidset",
          "gidset",
          "flags");
  private static final Set<String> IMAGE_FIELDS =
      Set.of(
          "id",
          "digest",
          "names",
          "names-history",
          "layer",
          "metadata",
          "big-data-names",
          "big-data-sizes",
          "big-data-digests",
          "created",
          "flags");

  private StoreJson() {}

  // ---- layers.json

  static List<LayerRecord> readLayers(Path file) {
    List<LayerRecord> out = new ArrayList<>();
    for (JsonNode node : readArray(file)) {
      out.add(layerFromJson(node, file));
    }
    return out;
  }

  static byte[] layersToBytes(List<LayerRecord> layers) {
    ArrayNode array = NODES.arrayNode();
    for (LayerRecord layer : layers) {
      array.add(layerToJson(layer));
    }
    return toBytes(array);
  }

  static LayerRecord layerFromJson(JsonNode node, Path file) {
    String id = text(node, "id");
    if (id.isEmpty()) {
      throw new StorageException("layer without id in " + file);
    }
    return new LayerRecord(
        id,
        strings(node.get("names")),
        optionalText(node, "parent"),
        text(node, "metadata"),
        optionalText(node, "created").map(GoTime::parse),
        digest(node, "compressed-diff-digest"),
        node.path("compressed-size").asLong(0),
        digest(node, "diff-digest"),
        node.path("diff-size").asLong(0),
        longs(node.get("uidset")),
        longs(node.get("gidset")),
        objectFields(node.get("flags")),
        extra(node, LAYER_FIELDS));
  }

  static ObjectNode layerToJson(LayerRecord layer) {
    ObjectNode out = NODES.objectNode();
    out.put("id", layer.id());
    putStrings(out, "names", layer.names());
    layer.parent().ifPresent(p -> out.put("parent", p));
    putText(out, "metadata", layer.metadata());
    putExtra(out, layer.extra(), "mountlabel");
    layer.created().ifPresent(c -> out.put("created", GoTime.format(c)));
    layer.compressedDigest().ifPresent(d -> out.put("compressed-diff-digest", d.toString()));
    if (layer.compressedSize() != 0) {
      out.put("compressed-size", layer.compressedSize());
    }
    layer.diffDigest().ifPresent(d -> out.put("diff-digest", d.toString()));
    if (layer.diffSize() != 0) {
      out.put("diff-size", layer.diffSize());
    }
    putExtra(out, layer.extra(), "compression");
    putLongs(out, "uidset", layer.uidSet());
    putLongs(out, "gidset", layer.gidSet());
    putObject(out, "flags", layer.flags());
    for (Map.Entry<String, JsonNode> e : layer.extra().entrySet()) {
      if (!out.has(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  // ---- images.json

  static List<ImageRecord> readImages(Path file) {
    List<ImageRecord> out = new ArrayList<>();
    for (JsonNode node : readArray(file)) {
      out.add(imageFromJson(node, file));
    }
    return out;
  }

  static byte[] imagesToBytes(List<ImageRecord> images) {
    ArrayNode array = NODES.arrayNode();
    for (ImageRecord image : images) {
      array.add(imageToJson(image));
    }
    return toBytes(array);
  }

  static ImageRecord imageFromJson(JsonNode node, Path file) {
    String id = text(node, "id");
    if (id.isEmpty()) {
      throw new StorageException("image without id in " + file);
    }
    Map<String, Long> sizes = new TreeMap<>();
    node.path("big-data-sizes")
        .properties()
        .forEach(e -> sizes.put(e.getKey(), e.getValue().asLong()));
    Map<String, Digest> digests = new TreeMap<>();
    node.path("big-data-digests")
        .properties()
        .forEach(
            e -> parseDigest(e.getValue().asText()).ifPresent(d -> digests.put(e.getKey(), d)));
    return new ImageRecord(
        id,
        digest(node, "digest"),
        strings(node.get("names")),
        strings(node.get("names-history")),
        optionalText(node, "layer"),
        text(node, "metadata"),
        strings(node.get("big-data-names")),
        sizes,
        digests,
        optionalText(node, "created").map(GoTime::parse),
        objectFields(node.get("flags")),
        extra(node, IMAGE_FIELDS));
  }

  static ObjectNode imageToJson(ImageRecord image) {
    ObjectNode out = NODES.objectNode();
    out.put("id", image.id());
    image.digest().ifPresent(d -> out.put("digest", d.toString()));
    putExtra(out, image.extra(), "digests");
    putStrings(out, "names", image.names());
    putStrings(out, "names-history", image.namesHistory());
    image.topLayer().ifPresent(l -> out.put("layer", l));
    putExtra(out, image.extra(), "mapped-top-layers");
    putText(out, "metadata", image.metadata());
    putStrings(out, "big-data-names", image.bigDataNames());
    if (!image.bigDataSizes().isEmpty()) {
      ObjectNode sizes = out.putObject("big-data-sizes");
      image.bigDataSizes().forEach(sizes::put);
    }
    if (!image.bigDataDigests().isEmpty()) {
      ObjectNode digests = out.putObject("big-data-digests");
      image.bigDataDigests().forEach((k, v) -> digests.put(k, v.toString()));
    }
    image.created().ifPresent(c -> out.put("created", GoTime.format(c)));
    putObject(out, "flags", image.flags());
    for (Map.Entry<String, JsonNode> e : image.extra().entrySet()) {
      if (!out.has(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  // ---- helpers

  static byte[] toBytes(JsonNode node) {
    return JsonTrees.bytes(node);
  }

  static JsonNode parse(byte[] bytes, Path file) {
    try {
      return JsonTrees.parse(bytes);
    } catch (IOException e) {
      throw new StorageException(
          file + " is not valid JSON (" + e.getMessage() + "); the store may be damaged", e);
    }
  }

  private static List<JsonNode> readArray(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw StorageException.io("reading", file, e);
    }
    if (bytes.length == 0) {
      return List.of();
    }
    JsonNode root = parse(bytes, file);
    if (root.isNull()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new StorageException(file + " does not hold a JSON array; the store may be damaged");
    }
    List<JsonNode> out = new ArrayList<>();
    root.forEach(out::add);
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    String v = text(node, field);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static Optional<Digest> digest(JsonNode node, String field) {
    return optionalText(node, field).flatMap(StoreJson::parseDigest);
  }

  private static Optional<Digest> parseDigest(String text) {
    try {
      return Optional.of(Digest.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(n.asLong()));
    }
    return out;
  }

  private static Map<String, JsonNode> objectFields(JsonNode object) {
    Map<String, JsonNode> out = new TreeMap<>();
    if (object != null && object.isObject()) {
      object.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static Map<String, JsonNode> extra(JsonNode node, Set<String> known) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!known.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    // a digest we could not parse is kept verbatim rather than dropped
    for (String field : List.of("digest", "compressed-diff-digest", "diff-digest")) {
      JsonNode v = node.get(field);
      if (v != null && !v.asText().isEmpty() && parseDigest(v.asText()).isEmpty()) {
        out.put(field, v);
      }
    }
    return out;
  }

  private static void putText(ObjectNode out, String field, String value) {
    if (!value.isEmpty()) {
      out.put(field, value);
    }
  }

  private static void putStrings(ObjectNode out, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = out.putArray(field);
      values.forEach(array::add);
    }
  }

  private static void putLongs(ObjectNode out, String field, List<Long> values) {
    if (!values.isEmpty()) {
      ArrayNode array = out.putArray(field);
      values.forEach(array::add);
    }
  }

  private static void putObject(ObjectNode out, String field, Map<String, JsonNode> values) {
    if (!values.isEmpty()) {
      ObjectNode object = out.putObject(field);
      values.forEach(object::set);
    }
  }

  private static void putExtra(ObjectNode out, Map<String, JsonNode> extra, String field) {
    JsonNode v = extra.get(field);
    if (v != null) {
      out.set(field, v);
    }
  }
}
