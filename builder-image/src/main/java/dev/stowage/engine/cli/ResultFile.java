package dev.stowage.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the one-line JSON result of a command (for the builder pod: {@code /dev/termination-log},
 * which Kubernetes caps at 4 KiB, so long messages are shortened).
 */
public final class ResultFile {

  private static final int MAX_BYTES = 4000;
  private static final int MAX_MESSAGE = 1500;

  private final Path path;

  private ResultFile(Path path) {
    this.path = path;
  }

  /** A result file at {@code path}, or one that writes nothing when {@code path} is null. */
  public static ResultFile at(Path path) {
    return new ResultFile(path);
  }

  /**
   * Writes {@code result} as one JSON line: a map whose values are strings, numbers, booleans,
   * nulls, lists and maps of the same.
   */
  public void write(Object result) {
    if (path == null) {
      return;
    }
    try {
      byte[] line = (JsonTrees.text(tree(result)) + "\n").getBytes(StandardCharsets.UTF_8);
      if (line.length > MAX_BYTES) {
        throw new IllegalStateException("result JSON longer than " + MAX_BYTES + " bytes");
      }
      Files.write(
          path,
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write result file " + path, e);
    }
  }

  /** Writes the failure line {@code {"error","reason","message"}} for the operator. */
  public void writeFailure(ExitCode code, String reason, String message) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("error", code.code());
    failure.put("reason", reason);
    String text = message == null ? "" : message;
    failure.put(
        "message", text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
    write(failure);
  }

  /**
   * Writes the failure line of arguments that did not parse (exit 2, {@code InvalidArguments}). A
   * result file that cannot be written is passed over: the message is printed all the same.
   */
  public void writeRefusedArguments(String message) {
    try {
      writeFailure(ExitCode.USER_ERROR, "InvalidArguments", message);
    } catch (RuntimeException e) {
      // printed by the command line
    }
  }

  private static JsonNode tree(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (value) {
      case null -> nodes.nullNode();
      case String s -> nodes.textNode(s);
      case Integer i -> nodes.numberNode(i);
      case Long l -> nodes.numberNode(l);
      case Boolean b -> nodes.booleanNode(b);
      case Iterable<?> list -> {
        ArrayNode array = nodes.arrayNode();
        list.forEach(element -> array.add(tree(element)));
        yield array;
      }
      case Map<?, ?> map -> {
        ObjectNode object = nodes.objectNode();
        map.forEach((k, v) -> object.set(String.valueOf(k), tree(v)));
        yield object;
      }
      default ->
          throw new IllegalArgumentException(
              "a result file holds no " + value.getClass().getName() + ": " + value);
    };
  }
}
