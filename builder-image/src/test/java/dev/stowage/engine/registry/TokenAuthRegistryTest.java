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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Docker token auth end to end: a real registry that trusts our test token server's JWTs. */
class TokenAuthRegistryTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.withTokenAuth("bot", "t0ken");

  private RegistryClient client(CredentialProvider credentials) {
    return RegistryClient.builder()
        .insecure(true)
        .credentials(credentials)
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private RegistryClient bot() {
    return client(CredentialProvider.fixed(registry.host(), new Credential.Basic("bot", "t0ken")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pushesWithAScopedTokenAndReusesItForTheSameScope() {
    RegistryClient client = bot();
    ImageReference ref = registry.reference("team/app");
    byte[] content = bytes("token pushed");
    int before = registry.tokensIssued();

    client.pushBlob(
        ref, Digest.sha256(content), BlobSource.of(content), null, ProgressListener.NONE);
    client.pushBlob(
        ref,
        Digest.sha256(bytes("second")),
        BlobSource.of(bytes("second")),
        null,
        ProgressListener.NONE);

    assertThat(client.blobExists(ref, Digest.sha256(content))).isTrue();
    // one token for pull,push and one for pull: not one per request
    assertThat(registry.tokensIssued() - before).isEqualTo(2);
  }

  @Test
  void anonymousTokensMayPullButNotPush() {
    ImageReference ref = registry.reference("team/public");
    byte[] content = bytes("public layer");
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_TAR, Digest.sha256(content), content.length);
    bot().pushBlob(ref, d.digest(), BlobSource.of(content), null, ProgressListener.NONE);
    RegistryClient anonymous = client(CredentialProvider.anonymous());

    assertThat(anonymous.pullBlobBytes(ref, d)).isEqualTo(content);
    byte[] other = bytes("not allowed");
    assertThatThrownBy(
            () ->
                anonymous.pushBlob(
                    ref, Digest.sha256(other), BlobSource.of(other), null, ProgressListener.NONE))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.isAuthFailure()).isTrue())
        .hasMessageContaining("pushing blob " + Digest.sha256(other) + " to " + ref.name());
  }

  @Test
  void wrongPasswordFailsAtTheTokenServerAsAnAuthFailure() {
    RegistryClient client =
        client(CredentialProvider.fixed(registry.host(), new Credential.Basic("bot", "nope")));

    assertThatThrownBy(
            () -> client.blobExists(registry.reference("team/app"), Digest.sha256(new byte[0])))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.isAuthFailure()).isTrue())
        .hasMessageContaining("getting a token");
  }

  @Test
  void mountsAcrossRepositoriesWithATokenCoveringBoth() {
    RegistryClient client = bot();
    ImageReference from = registry.reference("team/base");
    ImageReference to = registry.reference("team/derived");
    byte[] content = bytes("shared base layer");
    client.pushBlob(
        from, Digest.sha256(content), BlobSource.of(content), null, ProgressListener.NONE);

    assertThat(
            client.pushBlob(
                to,
                Digest.sha256(content),
                BlobSource.of(content),
                from.repository(),
                ProgressListener.NONE))
        .isEqualTo(BlobPushResult.MOUNTED);
  }
}
