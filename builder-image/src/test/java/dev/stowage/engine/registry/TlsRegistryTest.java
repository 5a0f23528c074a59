package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsRegistryTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous().withTls();

  @Test
  void insecureClientUsesHttpsWithoutVerifyingTheSelfSignedCertificate() {
    RegistryClient client = RegistryClient.builder().insecure(true).build();
    ImageReference ref = registry.reference("tls/app");
    byte[] content = "over tls".getBytes(StandardCharsets.UTF_8);

    assertThat(
            client.pushBlob(
                ref, Digest.sha256(content), BlobSource.of(content), null, ProgressListener.NONE))
        .isEqualTo(BlobPushResult.UPLOADED);
    assertThat(client.blobExists(ref, Digest.sha256(content))).isTrue();
  }

  @Test
  void verifyingClientRefusesAnUntrustedCertificateAndSaysHowToProceed() {
    RegistryClient client = RegistryClient.builder().retryPolicy(RetryPolicy.none()).build();

    assertThatThrownBy(
            () -> client.blobExists(registry.reference("tls/app"), Digest.sha256(new byte[0])))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.isAuthFailure()).isFalse())
        .hasMessageContaining("checking blob")
        .hasMessageContaining("--tls-verify=false");
  }
}
