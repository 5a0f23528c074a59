package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.parity.ParityContexts;
import dev.stowage.engine.registry.ManifestResponse;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line of the engine issue's acceptance, {@code stowage build --storage-root DIR
 * --tls-verify=false -t localhost:PORT/x:y --push CONTEXT}, as root, on realistic Containerfiles of
 * the parity suite (multi-stage, apt-get in RUN, a tree of many small files, heredocs): each build
 * ends with its image in the registry, config and manifest as the store holds them.
 */
class BuildAndPushRealisticContextsTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();

  @TempDir static Path tmp;

  private static Path store;

  @BeforeAll
  static void storeWithTheParityBases() throws Exception {
    store = tmp.resolve("store");
    BaseImages.debian().importInto(Store.open(store));
    BaseImages.busybox().importInto(Store.open(store));
  }

  @ParameterizedTest
  @ValueSource(strings = {"multi-stage", "apt-install", "many-files", "heredocs"})
  void buildWithPushLeavesTheImageInTheRegistry(String context) throws Exception {
    String target = registry.host() + "/realistic/" + context + ":1";
    Path result = tmp.resolve(context + ".json");

    Cli.Run build =
        Cli.run(
            "build",
            "--storage-root",
            store.toString(),
            "--tls-verify=false",
            "-t",
            target,
            "--push",
            "--result-file",
            result.toString(),
            ParityContexts.context(context).toString());

    assertThat(build.exit()).as(build.out() + build.err()).isZero();
    String imageId = new ObjectMapper().readTree(result.toFile()).get("imageId").asText();
    try (RegistryClient client = RegistryClient.builder().insecure(true).build()) {
      ManifestResponse pushed = client.pullManifest(ImageReference.parse(target));
      // a stored image's id is its config's digest: the registry holds the config built
      assertThat(pushed.manifest().config().digest().hex()).isEqualTo(imageId);
      for (var layer : pushed.manifest().layers()) {
        assertThat(client.blobExists(ImageReference.parse(target), layer.digest())).isTrue();
      }
    }
  }
}
