package dev.stowage.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.cli.Main;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.parity.ImageListing;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The base images land identically in buildah's store and in ours. Needs root and skopeo. */
class BaseImagesTest {

  private ScratchDirectory scratch;
  private Path tmp;

  @BeforeEach
  void scratch() throws Exception {
    scratch = ScratchDirectory.create("base-images");
    tmp = scratch.path();
  }

  @AfterEach
  void cleanUp() throws Exception {
    scratch.close();
  }

  @Test
  void busyboxImportsIntoBothStoresAsTheSameImage() throws Exception {
    assertSameInBothStores(BaseImages.busybox());
  }

  @Test
  void debianImportsIntoBothStoresAsTheSameImageWithTheDefaultPath() throws Exception {
    TarballImage debian = BaseImages.debian();
    assertSameInBothStores(debian);

    ContainersStore buildah = ContainersStore.create(tmp.resolve("run"));
    debian.importInto(buildah, tmp);
    String container = buildah.buildah("from", "--pull=never", BaseImages.DEBIAN).trim();
    String path = buildah.buildah("run", container, "--", "sh", "-c", "echo $PATH; id -u").trim();
    buildah.buildah("rm", container);
    assertThat(path).isEqualTo(TarballImage.DEFAULT_PATH.substring("PATH=".length()) + "\n0");
  }

  @Test
  void stowageImportOfTheTarballGivesTheSameLayerAsTheStorageApi() throws Exception {
    TarballImage busybox = BaseImages.busybox();
    Path viaCli = tmp.resolve("cli");
    Path viaApi = tmp.resolve("api");

    int code =
        new CommandLine(new Main())
            .execute(
                "import",
                "--storage-root",
                viaCli.toString(),
                busybox.layers().getFirst().toString(),
                busybox.name());
    busybox.importInto(Store.open(viaApi));

    assertThat(code).isZero();
    StoreSet cli = StoreSet.open(viaCli, List.of());
    StoreSet api = StoreSet.open(viaApi, List.of());
    assertThat(cli.layerChain(cli.image(busybox.name())))
        .extracting(l -> l.layer().diffDigest().orElseThrow())
        .containsExactlyElementsOf(busybox.diffIds());
    ImageListing imported = ImageListing.of(cli, busybox.name());
    ImageListing direct = ImageListing.of(api, busybox.name());
    assertThat(imported.lines()).containsExactlyElementsOf(direct.lines());
    assertThat(imported.config().env()).containsExactly(TarballImage.DEFAULT_PATH);
  }

  private void assertSameInBothStores(TarballImage image) throws Exception {
    ContainersStore buildah = ContainersStore.create(tmp.resolve("buildah"));
    Path ours = tmp.resolve("stowage");

    String buildahId = image.importInto(buildah, tmp);
    String ourId = image.importInto(Store.open(ours));

    StoreSet theirs = buildah.open();
    StoreSet mine = StoreSet.open(ours, List.of());
    assertThat(theirs.image(image.name()).id()).isEqualTo(buildahId).isEqualTo(image.id());
    assertThat(mine.image(image.name()).id()).isEqualTo(ourId).isEqualTo(image.id());
    assertThat(theirs.layerChain(theirs.image(image.name())))
        .extracting(l -> l.layer().diffDigest().orElseThrow())
        .containsExactlyElementsOf(image.diffIds());
    assertThat(mine.layerChain(mine.image(image.name())))
        .extracting(ResolvedLayer::id)
        .containsExactlyElementsOf(
            theirs.layerChain(theirs.image(image.name())).stream().map(ResolvedLayer::id).toList());
    ImageListing a = ImageListing.of(theirs, image.name());
    ImageListing b = ImageListing.of(mine, image.name());
    assertThat(b.lines()).containsExactlyElementsOf(a.lines());
    assertThat(b.config()).isEqualTo(a.config());
    assertThat(a.files()).containsKeys("bin", "etc/passwd");
  }
}
