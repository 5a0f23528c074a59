package dev.stowage.engine.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The URL of an upload session, taken from a response's {@code Location}. */
final class UploadLocation {

  private UploadLocation() {}

  static URI from(HttpResponse<InputStream> response) {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new ResponseError(
                        response.statusCode(), List.of(), "upload response has no Location"));
    return response.uri().resolve(location);
  }

  /** {@code location} with one more query parameter. */
  static URI withQuery(URI location, String name, String value) {
    String s = location.toString();
    String sep = location.getRawQuery() == null ? "?" : "&";
    return URI.create(s + sep + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
