package dev.stowage.engine.registry;

import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PATCH a blob of unknown length into an upload session as it is produced (chunked transfer
 * encoding, no {@code Content-Range}); returns the location to close the session at.
 */
final class BlobUploadStream implements RegistryOperation<URI> {

  private final ImageReference repo;
  private final URI location;
  private final InputStream body;
  private final AtomicBoolean sent = new AtomicBoolean();

  BlobUploadStream(ImageReference repo, URI location, InputStream body) {
    this.repo = repo;
    this.location = location;
    this.body = body;
  }

  @Override
  public String action() {
    return "streaming a blob to " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo));
  }

  /** The body is consumed as it is sent: it cannot be sent twice. */
  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(location)
        .header("Content-Type", "application/octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(this::bodyOnce));
  }

  /** The body, once: a second send (after a 401 challenge) fails instead of sending a rest. */
  private InputStream bodyOnce() {
    if (sent.getAndSet(true)) {
      throw new UncheckedIOException(new IOException("a streamed blob cannot be sent again"));
    }
    return body;
  }

  @Override
  public URI handle(HttpResponse<InputStream> response) {
    if (response.statusCode() != 202) {
      throw ResponseError.of(response);
    }
    return UploadLocation.from(response);
  }
}
