package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * PUT {@code ?digest=} to close an upload session, carrying the whole blob (monolithic upload) or
 * nothing (after chunks).
 */
final class BlobUploadFinish implements RegistryOperation<Digest> {

  private final ImageReference repo;
  private final Digest digest;
  private final URI location;
  private final BlobSource source;
  private final ProgressListener progress;

  /** With {@code source} null the PUT has no body. */
  BlobUploadFinish(
      ImageReference repo,
      Digest digest,
      URI location,
      BlobSource source,
      ProgressListener progress) {
    this.repo = repo;
    this.digest = digest;
    this.location = location;
    this.source = source;
    this.progress = progress;
  }

  @Override
  public String action() {
    return "pushing blob " + digest + " to " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(UploadLocation.withQuery(location, "digest", digest.toString()));
    if (source == null || source.size() == 0) {
      return b.PUT(HttpRequest.BodyPublishers.noBody());
    }
    long size = source.size();
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> {
                  try {
                    return new ProgressInputStream(source.open(0), 0, size, size, progress);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }),
            size);
    return b.header("Content-Type", "application/octet-stream").PUT(body);
  }

  @Override
  public Digest handle(HttpResponse<InputStream> response) {
    if (response.statusCode() != 201 && response.statusCode() != 204) {
      throw ResponseError.of(response);
    }
    String stored = response.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (stored != null && stored.startsWith("sha256:") && !stored.equals(digest.toString())) {
      throw new DigestMismatchException(
          repo.registry(), repo.repository(), action(), digest, Digest.parse(stored));
    }
    return digest;
  }
}
