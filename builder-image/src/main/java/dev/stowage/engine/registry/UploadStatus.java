package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** GET an upload session: how many bytes the registry holds, to resume after a failed chunk. */
final class UploadStatus implements RegistryOperation<UploadStatus.Progress> {

  /** Bytes received so far and the URL to continue at. */
  record Progress(long received, URI location) {}

  private final ImageReference repo;
  private final Digest digest;
  private final URI location;

  UploadStatus(ImageReference repo, Digest digest, URI location) {
    this.repo = repo;
    this.digest = digest;
    this.location = location;
  }

  @Override
  public String action() {
    return "resuming upload of blob " + digest + " to " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(location).GET();
  }

  @Override
  public Progress handle(HttpResponse<InputStream> response) {
    if (response.statusCode() != 204) {
      throw ResponseError.of(response);
    }
    // Range is inclusive "0-<last>"; absent or "0-0" on an empty upload depending on registry.
    String range = response.headers().firstValue("Range").orElse("");
    long received = 0;
    int dash = range.indexOf('-');
    if (dash >= 0) {
      try {
        received = Long.parseLong(range.substring(dash + 1).strip()) + 1;
      } catch (NumberFormatException e) {
        throw new ResponseError(204, List.of(), "unreadable Range header '" + range + "'");
      }
    }
    URI next =
        response.headers().firstValue("Location").isPresent()
            ? UploadLocation.from(response)
            : location;
    return new Progress(received, next);
  }
}
