package dev.stowage.operator.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.operator.api.InlineSource;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON an inline source travels as: a pod annotation, projected by the downward API into the
 * {@code source} container only. Shape: {@code {"containerfile": text, "containerfilePath":
 * relative path, "files": {relative path: text}}} with keys sorted.
 */
public final class InlineSourcePayload {

  /** Pod annotations are limited to 256 KiB in total; leave room for the others. */
  public static final int MAX_BYTES = 128 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private InlineSourcePayload() {}

  /** The JSON text for {@code source}, the Containerfile written at {@code containerfilePath}. */
  public static String json(InlineSource source, String containerfilePath) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("containerfile", source.containerfile());
    payload.put("containerfilePath", containerfilePath);
    payload.put("files", source.files() == null ? Map.of() : new TreeMap<>(source.files()));
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise inline source", e);
    }
  }

  /** Size in bytes of {@link #json} for {@code source}. */
  public static int size(InlineSource source, String containerfilePath) {
    return json(source, containerfilePath).getBytes(StandardCharsets.UTF_8).length;
  }
}
