package dev.stowage.engine.registry;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.ImageReference;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/** The GET of one blob: request, scope and action phrase; subclasses decide where it goes. */
abstract class BlobGet<T> implements RegistryOperation<T> {

  protected final ImageReference repo;
  protected final Descriptor blob;

  BlobGet(ImageReference repo, Descriptor blob) {
    this.repo = repo;
    this.blob = blob;
  }

  @Override
  public final String action() {
    return "pulling blob " + blob.digest() + " from " + repo.name();
  }

  @Override
  public final List<String> scopes() {
    return List.of(Scopes.pull(repo));
  }

  @Override
  public final HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(base.resolve(repo.repository() + "/blobs/" + blob.digest()))
        .GET();
  }
}
