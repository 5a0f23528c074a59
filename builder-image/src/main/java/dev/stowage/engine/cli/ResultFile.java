package dev.stowage.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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

  private static final ObjectMapper JSON = new ObjectMapper();
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

  /** Writes {@code result} (a record or map) as one JSON line. */
  public void write(Object result) {
    if (path == null) {
      return;
    }
    try {
      byte[] line = (JSON.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
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
}
