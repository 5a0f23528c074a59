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

/** PATCH one chunk {@code [offset, offset+length)} into an upload session; returns the next URL. */
final class BlobUploadChunk implements RegistryOperation<URI> {

  private final ImageReference repo;
  private final Digest digest;
  private final URI location;
  private final BlobSource source;
  private final long offset;
  private final long length;
  private final ProgressListener progress;

  BlobUploadChunk(
      ImageReference repo,
      Digest digest,
      URI location,
      BlobSource source,
      long offset,
      long length,
      ProgressListener progress) {
    this.repo = repo;
    this.digest = digest;
    this.location = location;
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.progress = progress;
  }

  @Override
  public String action() {
    return "pushing blob "
        + digest
        + " to "
        + repo.name()
        + " (bytes "
        + offset
        + "+"
        + length
        + ")";
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo));
  }

  /** Resuming is the pusher's job: it asks the registry how much arrived. */
  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    long total = source.size();
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> {
                  try {
                    return new ProgressInputStream(
                        source.open(offset), offset, length, total, progress);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }),
            length);
    return HttpRequest.newBuilder(location)
        .header("Content-Type", "application/octet-stream")
        .header("Content-Range", offset + "-" + (offset + length - 1))
        .method("PATCH", body);
  }

  @Override
  public URI handle(HttpResponse<InputStream> response) {
    if (response.statusCode() != 202) {
      throw ResponseError.of(response);
    }
    return UploadLocation.from(response);
  }
}
