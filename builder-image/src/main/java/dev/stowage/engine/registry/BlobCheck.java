package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/** HEAD a blob: its size if the repository has it, empty if not. */
final class BlobCheck implements RegistryOperation<Optional<Long>> {

  private final ImageReference repo;
  private final Digest digest;

  BlobCheck(ImageReference repo, Digest digest) {
    this.repo = repo;
    this.digest = digest;
  }

  @Override
  public String action() {
    return "checking blob " + digest + " in " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.pull(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(base.resolve(repo.repository() + "/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody());
  }

  @Override
  public Optional<Long> handle(HttpResponse<InputStream> response) {
    return switch (response.statusCode()) {
      case 200 -> Optional.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
      case 404 -> Optional.empty();
      default -> throw ResponseError.of(response);
    };
  }
}
