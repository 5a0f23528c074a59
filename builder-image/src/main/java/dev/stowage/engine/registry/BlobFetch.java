package dev.stowage.engine.registry;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** GET a small blob (an image config) into memory, verified against its descriptor. */
final class BlobFetch extends BlobGet<byte[]> {

  static final long MAX_SIZE = 64L << 20;

  BlobFetch(ImageReference repo, Descriptor blob) {
    super(repo, blob);
    if (blob.size() > MAX_SIZE) {
      throw new IllegalArgumentException(
          "blob " + blob.digest() + " is too large to hold in memory: " + blob.size());
    }
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
