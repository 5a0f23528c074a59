package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** POST {@code ?mount=&from=}: link a blob from another repository of the same registry. */
final class BlobMount implements RegistryOperation<MountResult> {

  private final ImageReference repo;
  private final Digest digest;
  private final String fromRepository;

  BlobMount(ImageReference repo, Digest digest, String fromRepository) {
    this.repo = repo;
    this.digest = digest;
    this.fromRepository = fromRepository;
  }

  @Override
  public String action() {
    return "mounting blob " + digest + " from " + fromRepository + " into " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.push(repo), Scopes.pull(fromRepository));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    String query =
        "?mount="
            + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8)
            + "&from="
            + URLEncoder.encode(fromRepository, StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(base.resolve(repo.repository() + "/blobs/uploads/" + query))
        .POST(HttpRequest.BodyPublishers.noBody());
  }

  @Override
  public MountResult handle(HttpResponse<InputStream> response) {
    return switch (response.statusCode()) {
      case 201 -> new MountResult.Mounted();
      case 202 -> new MountResult.NotMounted(UploadLocation.from(response));
      default -> throw ResponseError.of(response);
    };
  }
}
