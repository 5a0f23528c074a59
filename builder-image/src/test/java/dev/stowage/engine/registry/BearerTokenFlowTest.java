package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.auth.Credential;
import dev.stowage.engine.auth.CredentialProvider;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BearerTokenFlowTest {

  private static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\""
          + MediaTypes.OCI_MANIFEST
          + "\",\"config\":{"
          + "\"mediaType\":\""
          + MediaTypes.OCI_CONFIG
          + "\",\"digest\":\"sha256:"
          + "a".repeat(64)
          + "\",\"size\":2},\"layers\":[]}";

  private FakeServer auth;
  private FakeServer registry;
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private volatile String tokenStatusJson = null;

  @BeforeEach
  void start() throws IOException {
    auth = new FakeServer();
    registry = new FakeServer();
    auth.on(
        "/token",
        ex -> {
          if (tokenStatusJson != null) {
            FakeServer.respond(ex, 401, tokenStatusJson);
            return;
          }
          String token = "tok-" + tokensIssued.incrementAndGet();
          boolean refresh = ex.getRequestMethod().equals("POST");
          FakeServer.respond(
              ex,
              200,
              refresh
                  ? "{\"access_token\":\"" + token + "\",\"expires_in\":300}"
                  : "{\"token\":\"" + token + "\",\"expires_in\":300}");
        });
    registry.on(
        "/v2/",
        ex -> {
          String authz = ex.getRequestHeaders().getFirst("Authorization");
          if (authz == null || !authz.startsWith("Bearer tok-")) {
            ex.getResponseHeaders()
                .set(
                    "WWW-Authenticate",
                    "Bearer realm=\""
                        + auth.url("/token")
                        + "\",service=\"fake-registry\",scope=\"repository:team/app:pull\"");
            FakeServer.respond(
                ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"auth\"}]}");
            return;
          }
          FakeServer.respond(
              ex, 200, MediaTypes.OCI_MANIFEST, MANIFEST.getBytes(StandardCharsets.UTF_8));
        });
  }

  @AfterEach
  void stop() {
    auth.close();
    registry.close();
  }

  private RegistryClient client(CredentialProvider credentials) {
    return RegistryClient.builder()
        .plainHttp()
        .credentials(credentials)
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private ImageReference ref() {
    return ImageReference.parse(registry.host() + "/team/app:1.0");
  }

  @Test
  void exchangesBasicCredentialsForAScopedTokenAndReusesIt() {
    RegistryClient client =
        client(CredentialProvider.fixed(registry.host(), new Credential.Basic("joe", "pw")));

    ManifestResponse first = client.pullManifest(ref());
    client.pullManifest(ref());

    assertThat(first.digest()).isEqualTo(Digest.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8)));
    assertThat(tokensIssued).hasValue(1);
    FakeServer.Seen tokenRequest = auth.seen("/token").getFirst();
    assertThat(tokenRequest.method()).isEqualTo("GET");
    assertThat(URLDecoder.decode(tokenRequest.pathAndQuery(), StandardCharsets.UTF_8))
        .contains("service=fake-registry")
        .contains("scope=repository:team/app:pull");
    assertThat(tokenRequest.authorization())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("joe:pw".getBytes()));
    assertThat(registry.seen("/v2/team/app/manifests/1.0").getLast().authorization())
        .isEqualTo("Bearer tok-1");
  }

  @Test
  void fetchesAnonymousTokensWithoutCredentials() {
    client(CredentialProvider.anonymous()).pullManifest(ref());

    assertThat(auth.seen("/token").getFirst().authorization()).isNull();
    assertThat(tokensIssued).hasValue(1);
  }

  @Test
  void exchangesAnIdentityTokenWithARefreshTokenGrant() {
    client(CredentialProvider.fixed(registry.host(), new Credential.IdentityToken("refresh-me")))
        .pullManifest(ref());

    FakeServer.Seen tokenRequest = auth.seen("/token").getFirst();
    assertThat(tokenRequest.method()).isEqualTo("POST");
    assertThat(URLDecoder.decode(tokenRequest.body(), StandardCharsets.UTF_8))
        .contains("grant_type=refresh_token")
        .contains("refresh_token=refresh-me")
        .contains("service=fake-registry")
        .contains("scope=repository:team/app:pull");
  }

  @Test
  void tokenEndpointRefusalIsAnAuthFailureNamingTheRegistryAndAction() {
    tokenStatusJson = "{\"details\":\"incorrect username or password\"}";
    RegistryClient client =
        client(CredentialProvider.fixed(registry.host(), new Credential.Basic("joe", "bad")));

    assertThatThrownBy(() -> client.pullManifest(ref()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.isAuthFailure()).isTrue();
              assertThat(e.registry()).isEqualTo(registry.host());
              assertThat(e.repository()).isEqualTo("team/app");
            })
        .hasMessageContaining("pulling manifest 1.0 from " + registry.host() + "/team/app")
        .hasMessageContaining("getting a token");
  }
}
