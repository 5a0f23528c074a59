package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How an insecure registry's scheme is found. The TLS side (a port that speaks https is still
 * reached over https after the plain-HTTP question) is {@link TlsRegistryTest}, against a real
 * registry with a self-signed certificate.
 */
class InsecureSchemeProbeTest {

  @Test
  void onlyAnExplicitPortCountsAsOneProtocolPerPort() {
    assertThat(RegistryCaller.hasPort("127.0.0.1:5000")).isTrue();
    assertThat(RegistryCaller.hasPort("registry.example:443")).isTrue();
    assertThat(RegistryCaller.hasPort("[::1]:5000")).isTrue();
    // http and https would be ports 80 and 443 here: https is asked first
    assertThat(RegistryCaller.hasPort("registry.example")).isFalse();
    assertThat(RegistryCaller.hasPort("[::1]")).isFalse();
    assertThat(RegistryCaller.hasPort("registry.example:")).isFalse();
  }

  @Test
  void plainHttpRegistryOnAPortIsUsedAfterOneQuestionToItsApiRoot() throws IOException {
    try (FakeServer server =
            new FakeServer()
                .on(
                    "/v2/",
                    exchange -> {
                      boolean root = exchange.getRequestURI().getPath().equals("/v2/");
                      exchange
                          .getResponseHeaders()
                          .add("Docker-Distribution-API-Version", "registry/2.0");
                      exchange.sendResponseHeaders(root ? 200 : 404, -1);
                    });
        RegistryClient client = RegistryClient.builder().insecure(true).build()) {
      ImageReference repo = ImageReference.parse(server.host() + "/app");

      assertThat(client.blobExists(repo, Digest.sha256(new byte[0]))).isFalse();

      assertThat(server.seen().stream().map(s -> s.method() + " " + s.pathAndQuery()).toList())
          .isEqualTo(List.of("GET /v2/", "HEAD /v2/app/blobs/" + Digest.sha256(new byte[0])));
    }
  }
}
