package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.auth.Credential;
import dev.stowage.engine.auth.CredentialProvider;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthRegistryTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.withBasicAuth("ci", "s3cret");

  @TempDir Path tmp;

  private RegistryClient clientWith(CredentialProvider credentials) {
    return RegistryClient.builder().insecure(true).credentials(credentials).build();
  }

  @Test
  void pushesAndPullsWithTheRightPassword() {
    RegistryClient client =
        clientWith(CredentialProvider.fixed(registry.host(), new Credential.Basic("ci", "s3cret")));
    ImageReference ref = registry.reference("private/app");
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_TAR, Digest.sha256(content), content.length);

    assertThat(
            client.pushBlob(ref, d.digest(), BlobSource.of(content), null, ProgressListener.NONE))
        .isEqualTo(BlobPushResult.UPLOADED);
    assertThat(client.pullBlobBytes(ref, d)).isEqualTo(content);
  }

  @Test
  void wrongPasswordIsAnAuthFailure() {
    RegistryClient client =
        clientWith(CredentialProvider.fixed(registry.host(), new Credential.Basic("ci", "wrong")));
    ImageReference ref = registry.reference("private/app");
    byte[] content = "x".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                client.pushBlob(
                    ref,
                    Digest.sha256(content),
                    BlobSource.of(content),
                    null,
                    ProgressListener.NONE))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.isAuthFailure()).isTrue();
              assertThat(e.statusCode()).isEqualTo(401);
            })
        .hasMessageContaining(ref.name())
        .hasMessageContaining("credentials");
  }

  @Test
  void missingCredentialsAreAnAuthFailure() {
    RegistryClient client = clientWith(CredentialProvider.anonymous());

    assertThatThrownBy(() -> client.pullManifest(registry.reference("private/app:latest")))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.isAuthFailure()).isTrue());
  }

  @Test
  void readsTheCredentialFromAnAuthFileKeyedByRegistryHost() throws java.io.IOException {
    String auth =
        java.util.Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
    Path file =
        java.nio.file.Files.writeString(
            tmp.resolve("auth.json"),
            "{\"auths\":{\"http://" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    RegistryClient client = clientWith(dev.stowage.engine.auth.AuthFiles.of(file));
    ImageReference ref = registry.reference("private/from-file");
    byte[] content = "from file".getBytes(StandardCharsets.UTF_8);

    client.pushBlob(
        ref, Digest.sha256(content), BlobSource.of(content), null, ProgressListener.NONE);

    assertThat(client.blobExists(ref, Digest.sha256(content))).isTrue();
  }
}
