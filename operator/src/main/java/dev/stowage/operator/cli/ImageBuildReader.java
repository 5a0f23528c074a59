package dev.stowage.operator.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stowage.operator.api.ImageBuild;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses one ImageBuild from YAML for offline use, failing with the line and field of the first
 * problem: syntax, wrong kind or apiVersion, unknown fields, wrong types or enum values.
 */
final class ImageBuildReader {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

  private ImageBuildReader() {}

  /** The ImageBuild in {@code text}, read from {@code origin} (a file name or "stdin"). */
  static ImageBuild read(String text, String origin) {
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InputException(
          origin + at(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InputException(origin + ": is empty, expected an ImageBuild");
    }
    if (!tree.isObject()) {
      throw new InputException(origin + ": expected a mapping (an ImageBuild resource)");
    }
    String apiVersion = tree.path("apiVersion").asText("");
    String kind = tree.path("kind").asText("");
    if (!kind.equals("ImageBuild")) {
      throw new InputException(origin + ": kind: expected ImageBuild, found '" + kind + "'");
    }
    if (!apiVersion.equals(ImageBuild.API_VERSION)) {
      throw new InputException(
          origin
              + ": apiVersion: expected "
              + ImageBuild.API_VERSION
              + ", found '"
              + apiVersion
              + "'");
    }
    try {
      return YAML.readValue(text, ImageBuild.class);
    } catch (JsonMappingException e) {
      String line = lineOf(text, e.getPath()).map(n -> ":" + n).orElse(at(e.getLocation()));
      throw new InputException(origin + line + ": " + field(e) + describe(e));
    } catch (JsonProcessingException e) {
      throw new InputException(
          origin + at(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field (known: "
          + u.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "))
          + ")";
    }
    if (e instanceof InvalidFormatException f && f.getTargetType().isEnum()) {
      return "'"
          + f.getValue()
          + "' is not one of "
          + Arrays.stream(f.getTargetType().getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    String message = e.getOriginalMessage();
    int cut = message.indexOf(" at [Source");
    return "wrong type: " + (cut > 0 ? message.substring(0, cut) : message);
  }

  private static String field(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "" : path + ": ";
  }

  /**
   * The line of the field at {@code path}: Jackson reports where the parser stopped, which in YAML
   * is often the line after the offending key.
   */
  private static Optional<Integer> lineOf(String text, List<JsonMappingException.Reference> path) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      pointer.append('/');
      if (ref.getFieldName() != null) {
        pointer.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else {
        pointer.append(ref.getIndex());
      }
    }
    if (pointer.isEmpty()) {
      return Optional.empty();
    }
    JsonPointer target = JsonPointer.compile(pointer.toString());
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (parser.getParsingContext().pathAsPointer().equals(target)) {
          return Optional.of(parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
  }
}
