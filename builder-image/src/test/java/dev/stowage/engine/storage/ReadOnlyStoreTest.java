package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyStoreTest {

  @TempDir Path tmp;

  @Test
  void aDirectoryThatIsNoStoreIsRefusedWithoutWritingAnything() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ReadOnlyStore.open(empty))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("overlay");
    try (var list = Files.list(empty)) {
      assertThat(list).isEmpty();
    }
  }

  @Test
  void aStoreWithoutItsLockFilesIsRefused() throws Exception {
    Path root = tmp.resolve("nolocks");
    Files.createDirectories(root.resolve("overlay"));
    Files.createDirectories(root.resolve("overlay-layers"));
    Files.createDirectories(root.resolve("overlay-images"));
    assertThatThrownBy(() -> ReadOnlyStore.open(root))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("layers.lock");
  }

  @Test
  void aMissingStoreIsRefusedAsMissing() {
    assertThatThrownBy(() -> ReadOnlyStore.open(tmp.resolve("nowhere")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void anEmptyStoreWithOnlyItsLockFilesOpensAndHoldsNothing() throws Exception {
    Path root = tmp.resolve("shared");
    Files.createDirectories(root.resolve("overlay-images"));
    Files.createDirectories(root.resolve("overlay-layers"));
    Files.createFile(root.resolve("overlay-images/images.lock"));
    Files.createFile(root.resolve("overlay-layers/layers.lock"));
    Map<String, String> before = TreeSnapshot.of(root);

    ReadOnlyStore store = ReadOnlyStore.open(root);

    assertThat(store.images()).isEmpty();
    assertThat(store.layers()).isEmpty();
    assertThat(store.findImage("localhost/any:1")).isEmpty();
    assertThat(TreeSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void aStoreThatListsLayersWithoutItsOverlayDirectoryIsRefused() throws Exception {
    Path root = tmp.resolve("store");
    Store writer = Store.open(root);
    Path content = Files.createDirectories(tmp.resolve("content"));
    Files.writeString(content.resolve("f"), "x");
    writer.createLayer(TestLayers.stage(writer, content, Optional.empty()));
    Files.move(root.resolve("overlay"), tmp.resolve("overlay-elsewhere"));

    assertThatThrownBy(() -> ReadOnlyStore.open(root))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("lists layers but has no overlay/ directory");
  }

  @Test
  void readsWhatAWritableStoreWroteAndChangesNothing() throws Exception {
    Path root = tmp.resolve("store");
    Store writer = Store.open(root);
    Path content = Files.createDirectories(tmp.resolve("content"));
    Files.writeString(content.resolve("f"), "x");
    LayerRecord layer = writer.createLayer(TestLayers.stage(writer, content, Optional.empty()));
    ImageRecord image =
        writer.createImage(
            NewImage.of(
                "{}".getBytes(),
                "{\"m\":1}".getBytes(),
                List.of("localhost/ro:1"),
                new LayerId(layer.id()),
                Instant.now()));
    Map<String, String> before = TreeSnapshot.of(root);

    ReadOnlyStore store = ReadOnlyStore.open(root);

    assertThat(store.readOnly()).isTrue();
    assertThat(store.images()).containsExactly(image);
    assertThat(store.findImage("localhost/ro:1")).contains(image);
    assertThat(store.layers()).containsExactly(layer);
    assertThat(store.bigData(image.id(), "manifest")).isEqualTo("{\"m\":1}".getBytes());
    assertThat(store.diffDirectory(layer.id()).resolve("f")).hasContent("x");
    assertThat(store.linkId(layer.id())).hasSize(26);
    assertThatThrownBy(() -> store.bigData(image.id(), "nope"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("nope");
    assertThat(TreeSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void storeSetSearchesOurStoreFirstAndListsEachImageOnce() throws Exception {
    Path sharedRoot = tmp.resolve("shared");
    Store shared = Store.open(sharedRoot);
    Path content = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(content.resolve("f"), "x");
    LayerRecord layer = shared.createLayer(TestLayers.stage(shared, content, Optional.empty()));
    NewImage spec =
        NewImage.of(
            "{}".getBytes(),
            "{}".getBytes(),
            List.of("localhost/app:1"),
            new LayerId(layer.id()),
            Instant.now());
    shared.createImage(spec);

    StoreSet set = StoreSet.open(tmp.resolve("ours"), List.of(sharedRoot));
    ResolvedImage fromShared = set.image("localhost/app:1");
    assertThat(fromShared.store().readOnly()).isTrue();
    assertThat(set.images()).hasSize(1);
    assertThat(set.images().getFirst().size()).isEqualTo(layer.diffSize());

    // the same image recorded in our store (its top layer stays in the shared one) wins
    set.createImage(spec);
    assertThat(set.image("localhost/app:1").store().readOnly()).isFalse();
    assertThat(set.images()).hasSize(1);
    assertThat(set.layerChain(set.image("localhost/app:1")))
        .extracting(l -> l.store().root())
        .containsExactly(sharedRoot.toAbsolutePath());
    assertThatThrownBy(() -> set.image("localhost/missing:1"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("localhost/missing:1");
  }

  @Test
  void storageConfNamesTheStoresForPodman() {
    StorageConf conf =
        new StorageConf(
            Path.of("/var/lib/containers"),
            Path.of("/run/containers"),
            List.of(Path.of("/var/lib/shared/0"), Path.of("/var/lib/shared/1")));
    assertThat(conf.toToml())
        .isEqualTo(
            """
            [storage]
            driver = "overlay"
            graphroot = "/var/lib/containers"
            runroot = "/run/containers"

            [storage.options]
            additionalimagestores = ["/var/lib/shared/0", "/var/lib/shared/1"]
            """);
  }
}
