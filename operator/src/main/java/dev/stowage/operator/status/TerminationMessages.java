package dev.stowage.operator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Reads the one-line JSON objects builder steps leave in their termination message. */
final class TerminationMessages {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private TerminationMessages() {}

  /** The JSON object on the last non-blank line, or empty when that line is not a JSON object. */
  static Optional<JsonNode> lastJsonObject(String message) {
    String line = lastLine(message);
    if (!line.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Binds the last line of {@code message} to {@code type}, failing with the step's name. */
  static <T> T bind(String step, String message, Class<T> type) {
    JsonNode node =
        lastJsonObject(message)
            .orElseThrow(
                () ->
                    new TerminationMessageException(
                        step, "is not a JSON object: '" + abbreviate(message) + "'", null));
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new TerminationMessageException(
          step, "does not fit " + type.getSimpleName() + ": " + detail(e), e);
    }
  }

  /** The last non-blank line, trimmed; empty for null or blank input. */
  static String lastLine(String message) {
    if (message == null) {
      return "";
    }
    String[] lines = message.strip().split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }

  static String abbreviate(String message) {
    String text = message == null ? "" : message.strip();
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private static String detail(Exception e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }
}
