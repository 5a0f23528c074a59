package dev.stowage.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rootfs tarballs become single-layer images podman can read. */
class RootfsImporterTest {

  @TempDir Path tmp;

  @Test
  void gzippedTarballBecomesASingleLayerImageWithTheDefaultPath() throws Exception {
    Path rootfs = Tools.busyboxRootfs(tmp.resolve("rootfs"));
    Path tarball = tmp.resolve("rootfs.tar.gz");
    Tools.run(Map.of(), List.of("tar", "-C", rootfs.toString(), "-czf", tarball.toString(), "."));
    StoreSet stores = StoreSet.open(tmp.resolve("store"), List.of());

    ImageRecord image =
        new RootfsImporter(stores, TransferLog.QUIET).importRootfs(tarball, "localhost/base:1");

    ImageConfig config = ImageConfig.parse(stores.config(stores.image("localhost/base:1")));
    assertThat(config.config().env()).containsExactly("PATH=" + RootfsImporter.DEFAULT_PATH);
    assertThat(config.platform().toString()).isEqualTo("linux/amd64");
    List<ResolvedLayer> chain = stores.layerChain(stores.image(image.id()));
    assertThat(chain).hasSize(1);
    assertThat(chain.getFirst().layer().diffDigest())
        .contains(config.rootfs().diffIds().getFirst());
    assertThat(chain.getFirst().diffDirectory().resolve("bin/busybox")).isExecutable();
    assertThat(TarSplitAssembler.tarSplitFile(stores.primary().root(), chain.getFirst().id()))
        .isRegularFile();
    try (PodmanStore podman = new PodmanStore(stores.primary().root(), tmp.resolve("podman"))) {
      assertThat(
              podman.podman(
                  "run", "--rm", "--network", "none", "localhost/base:1", "cat", "/etc/motd"))
          .isEqualTo("hello from stowage\n");
    }
  }

  @Test
  void somethingThatIsNoTarballIsRefusedWithoutAStoreChange() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.tar"), "this is not a tar archive at all");
    StoreSet stores = StoreSet.open(tmp.resolve("store"), List.of());

    assertThatThrownBy(
            () -> new RootfsImporter(stores, TransferLog.QUIET).importRootfs(junk, "x:1"))
        .hasMessageContaining("junk.tar");
    assertThat(stores.primary().layers()).isEmpty();
    assertThat(stores.primary().images()).isEmpty();
  }
}
