package dev.stowage.engine.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * One registry HTTP request: how to build it, how to read its response and how to name it in
 * errors. {@link RegistryCaller} adds auth, retries, redirects and error mapping.
 */
interface RegistryOperation<T> {

  /** What this does, for errors: "pulling blob sha256:… from localhost:5000/x". */
  String action();

  /** Token scopes the request needs, e.g. {@code repository:x:pull}. */
  List<String> scopes();

  /** The request, given the registry's API root {@code base} (ending in {@code /v2/}). */
  HttpRequest.Builder request(URI base) throws IOException;

  /**
   * Reads a response that is not a 401/403, 429, 5xx or followed redirect; throws {@link
   * ResponseError} for a status it does not expect.
   */
  T handle(HttpResponse<InputStream> response) throws IOException;

  /** Whether the request may be sent again after a broken connection or 5xx. */
  default boolean retryable() {
    return true;
  }

  /** Whether to send the registry's Authorization header (false for the token endpoint). */
  default boolean authenticated() {
    return true;
  }
}
