package dev.stowage.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An HTTP response an operation did not expect, with the registry's error codes if any. */
final class ResponseError extends RuntimeException {

  private static final int MAX_BODY = 16 * 1024;

  private final int status;
  private final List<String> codes;

  ResponseError(int status, List<String> codes, String detail) {
    super(detail);
    this.status = status;
    this.codes = List.copyOf(codes);
  }

  int status() {
    return status;
  }

  List<String> codes() {
    return codes;
  }

  /** Reads (part of) the body and describes the response. */
  static ResponseError of(HttpResponse<InputStream> response) {
    byte[] body = new byte[0];
    try (InputStream in = response.body()) {
      if (in != null) {
        body = in.readNBytes(MAX_BODY);
      }
    } catch (IOException e) {
      // the status alone still says enough
    }
    return of(response.statusCode(), body);
  }

  static ResponseError of(int status, byte[] body) {
    List<String> codes = new ArrayList<>();
    StringBuilder detail = new StringBuilder("HTTP ").append(status);
    try {
      JsonNode errors = body.length == 0 ? null : JsonTrees.parse(body).path("errors");
      if (errors != null && errors.isArray()) {
        for (JsonNode e : errors) {
          String code = e.path("code").asText("");
          codes.add(code);
          detail.append(' ').append(code);
          String message = e.path("message").asText("");
          if (!message.isEmpty()) {
            detail.append(": ").append(message);
          }
        }
      }
    } catch (IOException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      if (!text.isEmpty()) {
        detail.append(": ").append(text.length() > 200 ? text.substring(0, 200) + "…" : text);
      }
    }
    return new ResponseError(status, codes, detail.toString());
  }
}
