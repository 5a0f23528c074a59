package dev.stowage.engine.registry;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** GET a small blob (an image config) into memory, verified against its descriptor. */
final class BlobFetch implements RegistryOperation<byte[]> {

  static final long MAX_SIZE = 64L << 20;

  private final ImageReference repo;
  private final Descriptor blob;

  BlobFetch(ImageReference repo, Descriptor blob) {
    if (blob.size() > MAX_SIZE) {
      throw new IllegalArgumentException(
          "blob " + blob.digest() + " is too large to hold in memory: " + blob.size());
    }
    this.repo = repo;
    this.blob = blob;
  }

  @Override
  public String action() {
    return "pulling blob " + blob.digest() + " from " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.pull(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(base.resolve(repo.repository() + "/blobs/" + blob.digest()))
        .GET();
  }

  @Override
  public byte[] handle(HttpResponse<InputStream> response) throws IOException {
    if (response.statusCode() != 200) {
      throw ResponseError.of(response);
    }
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes((int) blob.size() + 1);
    }
    Digest actual = Digest.sha256(bytes);
    if (!actual.equals(blob.digest()) || bytes.length != blob.size()) {
      throw new DigestMismatchException(
          repo.registry(), repo.repository(), action(), blob.digest(), actual);
    }
    return bytes;
  }
}
