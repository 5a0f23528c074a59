package dev.stowage.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GET one page of a repository's tags; the {@code Link} header leads to the next. */
final class TagList implements RegistryOperation<TagList.Page> {

  /** Tags of one page and the next page's URL, if any. */
  record Page(List<String> tags, Optional<URI> next) {}

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final ImageReference repo;
  private final URI page;

  /** The first page when {@code page} is null. */
  TagList(ImageReference repo, URI page) {
    this.repo = repo;
    this.page = page;
  }

  @Override
  public String action() {
    return "listing tags of " + repo.name();
  }

  @Override
  public List<String> scopes() {
    return List.of(Scopes.pull(repo));
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    URI uri = page != null ? base.resolve(page) : base.resolve(repo.repository() + "/tags/list");
    return HttpRequest.newBuilder(uri).GET();
  }

  @Override
  public Page handle(HttpResponse<InputStream> response) throws IOException {
    if (response.statusCode() != 200) {
      throw ResponseError.of(response);
    }
    JsonNode json;
    try (InputStream in = response.body()) {
      json = JsonTrees.parse(in.readNBytes(16 << 20));
    }
    List<String> tags = new ArrayList<>();
    json.path("tags").forEach(t -> tags.add(t.asText()));
    Optional<URI> next =
        response
            .headers()
            .firstValue("Link")
            .map(NEXT::matcher)
            .filter(Matcher::find)
            .map(m -> response.uri().resolve(m.group(1)));
    return new Page(tags, next);
  }
}
