package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** PUT a manifest or index under a tag or its digest; returns its digest. */
final class ManifestPush implements RegistryOperation<Digest> {

  private final ImageReference repo;
  private final String reference;
  private final String mediaType;
  private final byte[] bytes;
  private final Digest digest;

  ManifestPush(ImageReference repo, String reference, String mediaType, byte[] bytes) {
    this.repo = repo;
    this.reference = reference;
    this.mediaType = mediaType;
    this.bytes = bytes.clone();
    this.digest = Digest.sha256(bytes);
    if (reference.contains(":") && !reference.equals(digest.toString())) {
      throw new IllegalArgumentException(
          "manifest has digest " + digest + " but is pushed as " + reference);
    }
  }

  @Override
  public String action() {
    return "pushing manifest " + digest + " to " + repo.name() + ":" + reference;
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(base.resolve(repo.repository() + "/manifests/" + reference))
        .header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  @Override
  public Digest handle(HttpResponse<InputStream> response) {
    if (response.statusCode() != 201 && response.statusCode() != 200) {
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
