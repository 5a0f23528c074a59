package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

  @TempDir Path tmp;
  Path root;
  Store store;

  @BeforeEach
  void open() {
    root = tmp.resolve("graph");
    store = Store.open(root);
  }

  @Test
  void openCreatesTheDirectoriesAndLockFilesPodmanExpects() {
    assertThat(root.resolve("overlay/l")).isDirectory();
    assertThat(root.resolve("overlay-layers/layers.lock")).isRegularFile();
    assertThat(root.resolve("overlay-images/images.lock")).isRegularFile();
    assertThat(store.images()).isEmpty();
    assertThat(store.layers()).isEmpty();
  }

  @Test
  void baseLayerGetsItsDiffIdAsIdAndTheDriverFiles() throws Exception {
    NewLayer spec = TestLayers.stage(store, content("base", "a.txt", "A"), Optional.empty());

    LayerRecord layer = store.createLayer(spec);

    assertThat(layer.id()).isEqualTo(spec.diffId().hex());
    Path dir = root.resolve("overlay").resolve(layer.id());
    assertThat(dir.resolve("diff/a.txt")).hasContent("A");
    String link = Files.readString(dir.resolve("link"));
    assertThat(link).matches("[A-Z2-7]{26}");
    assertThat(Files.readSymbolicLink(root.resolve("overlay/l").resolve(link)))
        .isEqualTo(Path.of("..", layer.id(), "diff"));
    assertThat(root.resolve("overlay/l").resolve(link).resolve("a.txt")).hasContent("A");
    assertThat(dir.resolve("lower")).doesNotExist();
    assertThat(dir.resolve("empty")).isDirectory();
    assertThat(dir.resolve("work")).isDirectory();
    assertThat(dir.resolve("merged")).isDirectory();
    assertThat(layer.incomplete()).isFalse();
    assertThat(layer.diffDigest()).contains(spec.diffId());
    assertThat(layer.diffSize()).isEqualTo(spec.diffSize());
    assertThat(layer.uidSet()).containsExactly(0L);
  }

  @Test
  void childLayersRecordTheirLowerChainNearestFirst() throws Exception {
    LayerRecord base =
        store.createLayer(TestLayers.stage(store, content("l1", "a", "1"), Optional.empty()));
    LayerRecord middle =
        store.createLayer(
            TestLayers.stage(store, content("l2", "b", "2"), Optional.of(new LayerId(base.id()))));
    NewLayer topSpec =
        TestLayers.stage(store, content("l3", "c", "3"), Optional.of(new LayerId(middle.id())));
    LayerRecord top = store.createLayer(topSpec);

    assertThat(middle.id())
        .isEqualTo(
            Digest.sha256((base.id() + "+" + middle.diffDigest().orElseThrow().hex()).getBytes())
                .hex());
    assertThat(top.parent()).contains(middle.id());
    assertThat(Files.readString(root.resolve("overlay").resolve(top.id()).resolve("lower")))
        .isEqualTo("l/" + store.linkId(middle.id()) + ":l/" + store.linkId(base.id()));
    assertThat(Files.readString(root.resolve("overlay").resolve(middle.id()).resolve("lower")))
        .isEqualTo("l/" + store.linkId(base.id()));
    assertThat(root.resolve("overlay").resolve(top.id()).resolve("empty")).doesNotExist();
  }

  @Test
  void layerTarSplitIsStoredGzipped() throws Exception {
    NewLayer spec = TestLayers.stage(store, content("ts", "f", "x"), Optional.empty());
    LayerRecord layer = store.createLayer(spec);
    var expected = new java.io.ByteArrayOutputStream();
    spec.tarSplit().writeTo(expected);
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(
                root.resolve("overlay-layers").resolve(layer.id() + ".tar-split.gz")))) {
      assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void creatingTheSameLayerTwiceKeepsTheFirstAndDropsTheStagedCopy() throws Exception {
    Path content = content("same", "f", "x");
    LayerRecord first = store.createLayer(TestLayers.stage(store, content, Optional.empty()));
    NewLayer again = TestLayers.stage(store, content, Optional.empty());

    LayerRecord second = store.createLayer(again);

    assertThat(second).isEqualTo(first);
    assertThat(again.stagedDiff()).doesNotExist();
    assertThat(store.layers()).hasSize(1);
  }

  @Test
  void aLayerWhoseParentIsUnknownIsRefused() throws Exception {
    NewLayer spec =
        TestLayers.stage(
            store, content("orphan", "f", "x"), Optional.of(new LayerId("a".repeat(64))));
    assertThatThrownBy(() -> store.createLayer(spec))
        .isInstanceOf(LayerNotFoundException.class)
        .hasMessageContaining("a".repeat(64));
    assertThat(store.layers()).isEmpty();
  }

  @Test
  void aFailedLayerWriteLeavesNoRecordAndNoFiles() throws Exception {
    NewLayer good = TestLayers.stage(store, content("fail", "f", "x"), Optional.empty());
    NewLayer failing =
        new NewLayer(
            good.parent(),
            good.diffId(),
            good.diffSize(),
            good.compressedDigest(),
            good.compressedSize(),
            good.stagedDiff(),
            out -> {
              throw new IOException("archive broke");
            },
            good.uids(),
            good.gids(),
            good.created());

    assertThatThrownBy(() -> store.createLayer(failing)).hasMessageContaining("archive broke");

    assertThat(store.layers()).isEmpty();
    assertThat(root.resolve("overlay").resolve(good.id().hex())).doesNotExist();
    try (var links = Files.list(root.resolve("overlay/l"))) {
      assertThat(links).isEmpty();
    }
    assertThat(Files.readString(root.resolve("overlay-layers/layers.json"))).isEqualTo("[]");
  }

  @Test
  void incompleteLayersLeftByACrashAreRemovedOnOpen() throws Exception {
    LayerRecord kept =
        store.createLayer(TestLayers.stage(store, content("k", "f", "1"), Optional.empty()));
    // simulate a writer that died after recording the layer and creating some of its files
    String deadId = "b".repeat(64);
    Path deadDir = root.resolve("overlay").resolve(deadId);
    Files.createDirectories(deadDir.resolve("diff"));
    Files.writeString(deadDir.resolve("link"), "DEADLINKDEADLINKDEADLINK22");
    Files.createSymbolicLink(
        root.resolve("overlay/l/DEADLINKDEADLINKDEADLINK22"), Path.of("..", deadId, "diff"));
    String json = Files.readString(root.resolve("overlay-layers/layers.json"));
    Files.writeString(
        root.resolve("overlay-layers/layers.json"),
        json.substring(0, json.length() - 1)
            + ",{\"id\":\""
            + deadId
            + "\",\"flags\":{\"incomplete\":true}}]");

    Store reopened = Store.open(root);

    assertThat(reopened.layers()).extracting(LayerRecord::id).containsExactly(kept.id());
    assertThat(deadDir).doesNotExist();
    assertThat(root.resolve("overlay/l/DEADLINKDEADLINKDEADLINK22")).doesNotExist();
    assertThat(Files.readString(root.resolve("overlay-layers/layers.json"))).doesNotContain(deadId);
  }

  @Test
  void imageIdIsTheConfigDigestAndBigDataIsStoredAsPodmanNamesIt() throws Exception {
    LayerRecord layer =
        store.createLayer(TestLayers.stage(store, content("img", "f", "x"), Optional.empty()));
    byte[] config = "{\"config\":{}}".getBytes(StandardCharsets.UTF_8);
    byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

    ImageRecord image =
        store.createImage(
            NewImage.of(
                config,
                manifest,
                List.of("localhost/test:1"),
                new LayerId(layer.id()),
                Instant.parse("2024-01-02T03:04:05.5Z")));

    Digest configDigest = Digest.sha256(config);
    Digest manifestDigest = Digest.sha256(manifest);
    assertThat(image.id()).isEqualTo(configDigest.hex());
    assertThat(image.digest()).contains(manifestDigest);
    assertThat(image.topLayer()).contains(layer.id());
    assertThat(image.bigDataNames())
        .containsExactly(
            configDigest.toString(),
            "manifest-" + manifestDigest,
            "manifest",
            "signature-" + manifestDigest.hex());
    Path dir = root.resolve("overlay-images").resolve(image.id());
    assertThat(dir.resolve("manifest")).hasBinaryContent(manifest);
    assertThat(dir.resolve(BigDataKeys.fileName("manifest-" + manifestDigest)))
        .hasBinaryContent(manifest);
    assertThat(dir.resolve(BigDataKeys.fileName(configDigest.toString()))).hasBinaryContent(config);
    assertThat(store.bigData(image.id(), "sha256:" + image.id())).isEqualTo(config);
    assertThat(image.bigDataSizes()).containsEntry("manifest", (long) manifest.length);
    assertThat(image.bigDataDigests()).containsEntry("manifest", manifestDigest);
  }

  @Test
  void recreatingAnImageAsItIsWritesNothing() throws Exception {
    ImageRecord image = simpleImage("again", "localhost/again:1");
    Path dir = root.resolve("overlay-images");
    Map<Path, FileTime> before = modificationTimes(dir);
    Thread.sleep(20);

    ImageRecord again =
        store.createImage(
            NewImage.of(
                store.bigData(image.id(), "sha256:" + image.id()),
                store.bigData(image.id(), "manifest"),
                List.of("localhost/again:1"),
                new LayerId(image.topLayer().orElseThrow()),
                image.created().orElseThrow()));

    assertThat(again).isEqualTo(image);
    assertThat(modificationTimes(dir)).isEqualTo(before);
  }

  @Test
  void recreatingAnImageUnderANewNameSavesTheName() throws Exception {
    ImageRecord image = simpleImage("renamed", "localhost/renamed:1");

    store.createImage(
        NewImage.of(
            store.bigData(image.id(), "sha256:" + image.id()),
            store.bigData(image.id(), "manifest"),
            List.of("localhost/renamed:2"),
            new LayerId(image.topLayer().orElseThrow()),
            image.created().orElseThrow()));

    assertThat(Store.open(root).findImage("localhost/renamed:2")).isPresent();
    assertThat(Store.open(root).findImage("localhost/renamed:1")).isPresent();
  }

  private static Map<Path, FileTime> modificationTimes(Path dir) throws IOException {
    Map<Path, FileTime> times = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        times.put(p, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
      }
    }
    return times;
  }

  @Test
  void findImageByNameIdPrefixAndDigest() throws Exception {
    ImageRecord image = simpleImage("find", "localhost/find:1");

    assertThat(store.findImage("localhost/find:1")).contains(image);
    assertThat(store.findImage(image.id())).contains(image);
    assertThat(store.findImage("sha256:" + image.id())).contains(image);
    assertThat(store.findImage(image.id().substring(0, 12))).contains(image);
    assertThat(store.findImage(image.digest().orElseThrow().toString())).contains(image);
    assertThat(store.findImage("localhost/other:1")).isEmpty();
  }

  @Test
  void namesStayUniqueAcrossImages() throws Exception {
    ImageRecord first = simpleImage("one", "localhost/app:latest");
    ImageRecord second = simpleImage("two", "localhost/app:latest");

    assertThat(store.findImage(first.id()).orElseThrow().names()).isEmpty();
    assertThat(store.findImage(second.id()).orElseThrow().names())
        .containsExactly("localhost/app:latest");

    store.tag(first.id(), "localhost/app:latest");
    assertThat(store.findImage("localhost/app:latest").orElseThrow().id()).isEqualTo(first.id());
    assertThat(store.findImage(second.id()).orElseThrow().names()).isEmpty();
    assertThat(store.findImage(first.id()).orElseThrow().namesHistory())
        .startsWith("localhost/app:latest");
  }

  @Test
  void untagRemovesTheNameOnly() throws Exception {
    ImageRecord image = simpleImage("untag", "localhost/u:1");
    store.tag(image.id(), "localhost/u:2");

    assertThat(store.untag("localhost/u:1")).isTrue();
    assertThat(store.untag("localhost/u:1")).isFalse();
    assertThat(store.findImage(image.id()).orElseThrow().names()).containsExactly("localhost/u:2");
  }

  @Test
  void deleteImageRemovesItsLayersButKeepsOnesOtherImagesUse() throws Exception {
    LayerRecord base =
        store.createLayer(TestLayers.stage(store, content("d1", "a", "1"), Optional.empty()));
    LayerRecord left =
        store.createLayer(
            TestLayers.stage(store, content("d2", "b", "2"), Optional.of(new LayerId(base.id()))));
    LayerRecord right =
        store.createLayer(
            TestLayers.stage(store, content("d3", "c", "3"), Optional.of(new LayerId(base.id()))));
    ImageRecord leftImage = image("left", left, "localhost/left:1");
    image("right", right, "localhost/right:1");

    List<String> deleted = store.deleteImage("localhost/left:1");

    assertThat(deleted).containsExactly(left.id());
    assertThat(store.findImage(leftImage.id())).isEmpty();
    assertThat(root.resolve("overlay-images").resolve(leftImage.id())).doesNotExist();
    assertThat(root.resolve("overlay").resolve(left.id())).doesNotExist();
    assertThat(store.layers()).extracting(LayerRecord::id).containsExactly(base.id(), right.id());

    assertThat(store.deleteImage("localhost/right:1")).containsExactly(right.id(), base.id());
    assertThat(store.layers()).isEmpty();
    try (var links = Files.list(root.resolve("overlay/l"))) {
      assertThat(links).isEmpty();
    }
  }

  @Test
  void uidAndGidSetsAreReadFromTheStagedContent() throws Exception {
    NewLayer spec = TestLayers.stage(store, content("owners", "f", "x"), Optional.empty());
    Files.setAttribute(spec.stagedDiff().resolve("f"), "unix:uid", 1000);
    Files.setAttribute(spec.stagedDiff().resolve("f"), "unix:gid", 2000);

    LayerRecord layer = store.createLayer(spec);

    assertThat(layer.uidSet()).containsExactly(0L, 1000L);
    assertThat(layer.gidSet()).containsExactly(0L, 2000L);
  }

  @Test
  void stagingDirectoriesAreWorldReadableInsideAPrivateParent() throws Exception {
    Path staging = store.newStagingDirectory();
    assertThat(Files.getPosixFilePermissions(staging)).isEqualTo(OverlayLayout.DIR_LINKS);
    assertThat(Files.getPosixFilePermissions(staging.getParent()))
        .isEqualTo(OverlayLayout.DIR_PRIVATE);
  }

  @Test
  void staleStagingDirectoriesAreRemovedOnOpenFreshOnesKept() throws Exception {
    Path stale = store.newStagingDirectory();
    Path fresh = store.newStagingDirectory();
    Files.writeString(stale.resolve("half-extracted"), "x");
    Files.setLastModifiedTime(
        stale, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3 * 86400)));

    Store.open(root);

    assertThat(stale).doesNotExist();
    assertThat(fresh).isDirectory();
  }

  @Test
  void anImageAContainerUsesIsNotDeleted() throws Exception {
    ImageRecord image = simpleImage("used", "localhost/used:1");
    Files.createDirectories(root.resolve("overlay-containers"));
    Files.writeString(
        root.resolve("overlay-containers/containers.json"),
        "[{\"id\":\"c0ffee\",\"image\":\"" + image.id() + "\",\"layer\":\"x\"}]");

    assertThatThrownBy(() -> store.deleteImage("localhost/used:1"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("c0ffee");
    assertThat(store.findImage("localhost/used:1")).isPresent();
  }

  @Test
  void deletingAnUnknownImageSaysWhichAndWhere() {
    assertThatThrownBy(() -> store.deleteImage("localhost/nope:1"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("localhost/nope:1")
        .hasMessageContaining(root.toString());
  }

  @Test
  void writesRecordANewLastWriteTokenInTheLockFile() throws Exception {
    simpleImage("token", "localhost/token:1");
    byte[] lock = Files.readAllBytes(root.resolve("overlay-images/images.lock"));
    assertThat(lock).hasSize(64);
    int pid =
        java.nio.ByteBuffer.wrap(lock, 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat(pid).isEqualTo((int) ProcessHandle.current().pid());
    byte[] before = lock.clone();
    store.tag("localhost/token:1", "localhost/token:2");
    assertThat(Files.readAllBytes(root.resolve("overlay-images/images.lock"))).isNotEqualTo(before);
  }

  private ImageRecord simpleImage(String seed, String name) throws Exception {
    LayerRecord layer =
        store.createLayer(TestLayers.stage(store, content(seed, "f", seed), Optional.empty()));
    return image(seed, layer, name);
  }

  private ImageRecord image(String seed, LayerRecord top, String name) {
    byte[] config = ("{\"seed\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"manifest\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
    return store.createImage(
        NewImage.of(config, manifest, List.of(name), new LayerId(top.id()), Instant.now()));
  }

  private Path content(String dir, String file, String text) throws IOException {
    Path d = tmp.resolve("content").resolve(dir);
    Files.createDirectories(d);
    Files.writeString(d.resolve(file), text);
    return d;
  }
}
