package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** POST to open an upload session; returns its location. */
final class BlobUploadStart implements RegistryOperation<URI> {

  private final ImageReference repo;
  private final Digest digest;

  /** {@code digest} may be null: a streamed blob's is known only at its end. */
  BlobUploadStart(ImageReference repo, Digest digest) {
    this.repo = repo;
    this.digest = digest;
  }

  @Override
  public String action() {
    return digest == null
        ? "starting an upload to " + repo.name()
        : "pushing blob " + digest + " to " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(base.resolve(repo.repository() + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody());
  }

  @Override
  public URI handle(HttpResponse<InputStream> response) {
    if (response.statusCode() != 202) {
      throw ResponseError.of(response);
    }
    return UploadLocation.from(response);
  }
}
