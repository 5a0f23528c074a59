package dev.stowage.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.auth.Credential;
import dev.stowage.engine.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Fetches a bearer token from the realm of a {@code Bearer} challenge (docker token auth): GET with
 * Basic credentials or anonymously, or the OAuth2 refresh-token POST for an identity token.
 */
final class TokenRequest implements RegistryOperation<BearerToken> {

  private static final long DEFAULT_LIFETIME_SECONDS = 60;

  private final AuthChallenge challenge;
  private final List<String> scopes;
  private final Credential credential;
  private final String registry;
  private final Clock clock;

  TokenRequest(
      AuthChallenge challenge,
      List<String> scopes,
      Credential credential,
      String registry,
      Clock clock) {
    this.challenge = challenge;
    this.scopes = List.copyOf(scopes);
    this.credential = credential;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public String action() {
    return "getting a token for " + String.join(" ", scopes) + " on " + registry;
  }

  @Override
  public List<String> scopes() {
    return scopes;
  }

  @Override
  public boolean authenticated() {
    return false;
  }

  @Override
  public HttpRequest.Builder request(URI base) {
    String realm = challenge.param("realm");
    if (realm == null || realm.isEmpty()) {
      throw new ResponseError(401, List.of(), "Bearer challenge without realm");
    }
    String service = challenge.param("service");
    if (credential instanceof Credential.IdentityToken(String refresh)) {
      List<String> form = new ArrayList<>();
      form.add("grant_type=refresh_token");
      form.add("client_id=stowage");
      form.add("refresh_token=" + enc(refresh));
      if (service != null) {
        form.add("service=" + enc(service));
      }
      if (!scopes.isEmpty()) {
        form.add("scope=" + enc(String.join(" ", scopes)));
      }
      return HttpRequest.newBuilder(URI.create(realm))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form)));
    }
    List<String> query = new ArrayList<>();
    if (service != null) {
      query.add("service=" + enc(service));
    }
    scopes.forEach(s -> query.add("scope=" + enc(s)));
    String sep = realm.contains("?") ? "&" : "?";
    URI uri = URI.create(query.isEmpty() ? realm : realm + sep + String.join("&", query));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if (credential instanceof Credential.Basic basic) {
      b.header("Authorization", basicHeader(basic));
    }
    return b;
  }

  @Override
  public BearerToken handle(HttpResponse<InputStream> response) throws IOException {
    if (response.statusCode() != 200) {
      throw ResponseError.of(response);
    }
    JsonNode json;
    try (InputStream in = response.body()) {
      json = JsonTrees.parse(in.readNBytes(1 << 20));
    }
    String token = json.path("token").asText("");
    if (token.isEmpty()) {
      token = json.path("access_token").asText("");
    }
    if (token.isEmpty()) {
      throw new ResponseError(200, List.of(), "token response carries no token");
    }
    long lifetime = json.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS);
    Instant issued = clock.instant();
    String issuedAt = json.path("issued_at").asText("");
    if (!issuedAt.isEmpty()) {
      try {
        issued = OffsetDateTime.parse(issuedAt).toInstant();
      } catch (DateTimeParseException e) {
        // a bad clock field is no reason to fail; count from now
      }
    }
    return new BearerToken(token, issued.plusSeconds(Math.max(lifetime, 0)));
  }

  static String basicHeader(Credential.Basic basic) {
    String pair = basic.username() + ":" + basic.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
