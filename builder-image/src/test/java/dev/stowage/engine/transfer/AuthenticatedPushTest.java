package dev.stowage.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.auth.Credential;
import dev.stowage.engine.auth.CredentialProvider;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed layer streamed into its upload carries the push token the upload was opened with: the
 * streamed PATCH cannot be sent twice, so it must not meet a challenge of its own.
 */
class AuthenticatedPushTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.withTokenAuth("bot", "t0ken");

  @TempDir Path tmp;

  private RegistryClient bot() {
    return RegistryClient.builder()
        .insecure(true)
        .credentials(
            CredentialProvider.fixed(registry.host(), new Credential.Basic("bot", "t0ken")))
        .build();
  }

  @Test
  void layerStreamedToATokenAuthRegistryArrivesWithoutFallingBackToAFile() throws Exception {
    StoreSet stores = StoreSet.open(tmp.resolve("store"), List.of());
    new RootfsImporter(stores, TransferLog.QUIET)
        .importRootfs(Tools.busyboxRootfs(tmp.resolve("rootfs")), "localhost/bb:1");
    // the layer has a tar-split, so the push streams it (a failed stream would say so)
    var layer = stores.primary().layers().getFirst();
    assertThat(TarSplitAssembler.tarSplitFile(stores.primary().root(), layer.id())).isRegularFile();
    ImageReference ref = registry.reference("private/bb:1");
    StringBuilder log = new StringBuilder();

    PushResult pushed;
    try (RegistryClient client = bot()) {
      pushed =
          new ImagePusher(
                  stores, client, PushOptions.defaults(), line -> log.append(line).append('\n'))
              .push("localhost/bb:1", new Destination.Registry(ref), List.of());
    }

    assertThat(log).doesNotContain("streaming failed").contains("Copying blob sha256:");
    StoreSet pulledInto = StoreSet.open(tmp.resolve("pulled"), List.of());
    try (RegistryClient client = bot()) {
      PullResult pulled =
          new ImagePuller(pulledInto, client, TransferLog.QUIET).pull(ref, PullPolicy.ALWAYS);
      assertThat(pulled.manifestDigest()).contains(pushed.digest());
    }
  }
}
