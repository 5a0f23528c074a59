package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/** GET a manifest or index by tag or digest, accepting OCI and Docker schema 2; verified. */
final class ManifestPull implements RegistryOperation<ManifestResponse> {

  private static final int MAX_SIZE = 4 << 20;

  private final ImageReference ref;
  private final String reference;

  /** Pulls {@code reference} (a tag or digest) of {@code ref}'s repository. */
  ManifestPull(ImageReference ref, String reference) {
    this.ref = ref;
    this.reference = reference;
  }

  @Override
  public String action() {
    return "pulling manifest " + reference + " from " + ref.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.pull(ref));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    return HttpRequest.newBuilder(base.resolve(ref.repository() + "/manifests/" + reference))
        .header("Accept", String.join(", ", MediaTypes.ALL_MANIFESTS))
        .GET();
  }

  @Override
  public ManifestResponse handle(HttpResponse<InputStream> response) throws IOException {
    if (response.statusCode() != 200) {
      throw ResponseError.of(response);
    }
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(MAX_SIZE + 1);
    }
    if (bytes.length > MAX_SIZE) {
      throw new ResponseError(200, List.of(), "manifest is larger than 4 MiB");
    }
    Digest actual = Digest.sha256(bytes);
    Digest expected = expectedDigest(response);
    if (expected != null && !expected.equals(actual)) {
      throw new DigestMismatchException(
          ref.registry(), ref.repository(), action(), expected, actual);
    }
    return new ManifestResponse(mediaType(response, bytes), bytes, actual);
  }

  private Digest expectedDigest(HttpResponse<?> response) {
    if (reference.contains(":")) {
      return Digest.parse(reference);
    }
    Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
    // Only sha256 can be checked; a registry may use another algorithm for its header.
    return header.filter(h -> h.startsWith("sha256:")).map(Digest::parse).orElse(null);
  }

  private static String mediaType(HttpResponse<?> response, byte[] bytes) {
    String fromJson = null;
    boolean hasManifests = false;
    try {
      var json = JsonTrees.parse(bytes);
      fromJson = json.path("mediaType").asText(null);
      hasManifests = json.has("manifests");
    } catch (IOException e) {
      // parse errors surface when the caller reads the manifest
    }
    if (fromJson != null && !fromJson.isEmpty()) {
      return fromJson;
    }
    String header = response.headers().firstValue("Content-Type").orElse("");
    int semicolon = header.indexOf(';');
    String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
    if (MediaTypes.ALL_MANIFESTS.contains(type)) {
      return type;
    }
    return hasManifests ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }
}
