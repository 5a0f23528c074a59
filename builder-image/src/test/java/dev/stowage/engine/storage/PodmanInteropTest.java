package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our stores against the real podman and buildah, both directions. Needs root. */
class PodmanInteropTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void podmanStoreIsReadableAsAnAdditionalStoreAndStaysUntouched() throws Exception {
    Podman a = new Podman(tmp.resolve("a"));
    Path rootfs = busyboxRootfs(tmp.resolve("rootfs"));
    Path tar = tmp.resolve("rootfs.tar");
    Files.write(tar, TestLayers.tar(rootfs));
    a.podman("import", tar.toString(), "localhost/bb:1");
    String container = a.buildah("from", "localhost/bb:1").trim();
    Path extra = Files.writeString(tmp.resolve("extra.txt"), "from buildah\n");
    a.buildah("copy", container, extra.toString(), "/extra.txt");
    a.buildah("commit", "-q", container, "localhost/bb:2");
    a.buildah("rm", container);
    Map<String, String> before = TreeSnapshot.of(a.root);

    StoreSet stores = StoreSet.open(tmp.resolve("ours"), List.of(a.root));
    List<ImageSummary> listed = stores.images();
    ResolvedImage image = stores.image("localhost/bb:2");
    JsonNode manifest = JSON.readTree(stores.manifest(image));
    JsonNode config = JSON.readTree(stores.config(image));
    List<ResolvedLayer> chain = stores.layerChain(image);
    var topEntries = OverlayDiffReader.userXattrsOnly().read(chain.getLast().diffDirectory());

    assertThat(listed)
        .extracting(ImageSummary::names)
        .contains(List.of("localhost/bb:1"), List.of("localhost/bb:2"));
    assertThat(listed).allSatisfy(s -> assertThat(s.readOnly()).isTrue());
    assertThat(listed).allSatisfy(s -> assertThat(s.size()).isPositive());
    assertThat(image.store()).isInstanceOf(ReadOnlyStore.class);
    assertThat(Digest.sha256(stores.config(image)).hex()).isEqualTo(image.id());
    assertThat(manifest.get("layers")).hasSize(2);
    assertThat(chain).hasSize(2);
    List<String> diffIds = new ArrayList<>();
    config.get("rootfs").get("diff_ids").forEach(d -> diffIds.add(d.asText()));
    assertThat(chain)
        .extracting(l -> l.layer().diffDigest().orElseThrow().toString())
        .containsExactlyElementsOf(diffIds);
    assertThat(chain.getFirst().diffDirectory().resolve("bin/busybox")).isRegularFile();
    assertThat(chain.getLast().diffDirectory().resolve("extra.txt")).hasContent("from buildah");
    assertThat(topEntries).extracting(DiffEntry::path).contains("extra.txt");
    assertThat(stores.findImage(image.id().substring(0, 12))).isPresent();
    assertThat(stores.findImage(image.image().digest().orElseThrow().toString())).isPresent();
    // podman's tar-split for the tar it imported is exactly what we produce for that tar
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(
                a.root
                    .resolve("overlay-layers")
                    .resolve(chain.getFirst().id() + ".tar-split.gz")))) {
      TarSplitWriterTest.assertSameLines(
          TarSplitWriter.describe(Files.newInputStream(tar)), in.readAllBytes());
    }

    assertThat(TreeSnapshot.of(a.root)).isEqualTo(before);
  }

  @Test
  void podmanListsRunsAndExportsAnImageWeWrote() throws Exception {
    Podman b = new Podman(tmp.resolve("b"));
    Store store = Store.open(b.root);
    NewLayer base = TestLayers.stage(store, busyboxRootfs(tmp.resolve("l1")), Optional.empty());
    LayerRecord baseLayer = store.createLayer(base);
    Path top = Files.createDirectories(tmp.resolve("l2"));
    Files.writeString(top.resolve("hello"), "hello from stowage\n");
    NewLayer second = TestLayers.stage(store, top, Optional.of(new LayerId(baseLayer.id())));
    LayerRecord topLayer = store.createLayer(second);
    byte[] config = config(base.diffId(), second.diffId());
    byte[] manifest = manifest(config, base, second);
    ImageRecord image =
        store.createImage(
            NewImage.of(
                config,
                manifest,
                List.of("localhost/stowage-test:latest"),
                new LayerId(topLayer.id()),
                Instant.parse("2024-01-01T00:00:00Z")));

    String images = b.podman("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
    String hello =
        b.podman(
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "none",
            "localhost/stowage-test:latest",
            "/bin/busybox",
            "cat",
            "/hello");
    JsonNode inspect =
        JSON.readTree(b.podman("image", "inspect", "localhost/stowage-test:latest")).get(0);
    Path archive = tmp.resolve("saved.tar");
    // save rebuilds each layer from diff/ and our tar-split, checking every file's CRC-64
    b.podman("save", "--format", "docker-archive", "-o", archive.toString(), image.id());

    assertThat(images).contains("localhost/stowage-test:latest " + image.id().substring(0, 12));
    assertThat(hello).isEqualTo("hello from stowage\n");
    assertThat(inspect.get("Id").asText()).isEqualTo(image.id());
    assertThat(inspect.get("Digest").asText()).isEqualTo(Digest.sha256(manifest).toString());
    assertThat(inspect.get("RootFS").get("Layers"))
        .extracting(JsonNode::asText)
        .containsExactly(base.diffId().toString(), second.diffId().toString());
    String saved = text(TestLayers.run(null, "tar", "-tf", archive.toString()));
    assertThat(saved)
        .contains(base.diffId().hex() + ".tar")
        .contains(second.diffId().hex() + ".tar");

    // podman wrote to the store meanwhile (a container came and went): we still read and delete
    Store reopened = Store.open(b.root);
    assertThat(reopened.findImage("localhost/stowage-test:latest")).isPresent();
    assertThat(reopened.deleteImage("localhost/stowage-test:latest"))
        .containsExactly(topLayer.id(), baseLayer.id());
    assertThat(b.podman("images", "-q")).isBlank();
  }

  @Test
  void ourLayerOnTopOfAnAdditionalStoreLayerRunsInPodmanWithThatStore() throws Exception {
    Podman a = new Podman(tmp.resolve("a"));
    Path rootfs = busyboxRootfs(tmp.resolve("rootfs"));
    Path tar = tmp.resolve("rootfs.tar");
    Files.write(tar, TestLayers.tar(rootfs));
    a.podman("import", tar.toString(), "localhost/base:1");
    Map<String, String> before = TreeSnapshot.of(a.root);
    Podman b = new Podman(tmp.resolve("b"), List.of(a.root));

    StoreSet stores = StoreSet.open(b.root, List.of(a.root));
    ResolvedImage baseImage = stores.image("localhost/base:1");
    ResolvedLayer baseLayer = stores.layerChain(baseImage).getFirst();
    Path top = Files.createDirectories(tmp.resolve("top"));
    Files.writeString(top.resolve("hello"), "on top of a shared store\n");
    NewLayer spec =
        TestLayers.stage(stores.primary(), top, Optional.of(new LayerId(baseLayer.id())));
    LayerRecord topLayer = stores.createLayer(spec);
    byte[] config = config(baseLayer.layer().diffDigest().orElseThrow(), spec.diffId());
    Digest baseDiff = baseLayer.layer().diffDigest().orElseThrow();
    NewLayer baseAsSpec =
        NewLayer.of(
            Optional.empty(),
            baseDiff,
            baseLayer.layer().diffSize(),
            baseLayer.diffDirectory(),
            TarSplitSource.of(new byte[0]));
    byte[] manifest = manifest(config, baseAsSpec, spec);
    stores.createImage(
        NewImage.of(
            config,
            manifest,
            List.of("localhost/layered:1"),
            new LayerId(topLayer.id()),
            Instant.parse("2024-01-01T00:00:00Z")));

    String out =
        b.podman(
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "none",
            "localhost/layered:1",
            "/bin/busybox",
            "cat",
            "/hello");

    assertThat(out).isEqualTo("on top of a shared store\n");
    assertThat(Files.readString(b.root.resolve("overlay").resolve(topLayer.id()).resolve("lower")))
        .isEqualTo("l/" + stores.stores().get(1).linkId(baseLayer.id()));
    assertThat(stores.layerChain(stores.image("localhost/layered:1")))
        .extracting(l -> l.store().readOnly())
        .containsExactly(true, false);
    assertThat(TreeSnapshot.of(a.root)).isEqualTo(before);
  }

  @Test
  void podmanWaitsWhileWeHoldTheImagesLock() throws Exception {
    Podman c = new Podman(tmp.resolve("c"));
    Store store = Store.open(c.root);
    LockFile lock = LockFile.at(c.root.resolve("overlay-images/images.lock"), false);
    Process podman;
    try (LockFile.Held _ = lock.lockExclusive()) {
      podman = c.start("images", "-q");
      assertThat(podman.waitFor(2, TimeUnit.SECONDS)).as("podman blocked by our lock").isFalse();
    }
    assertThat(podman.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(podman.exitValue()).isZero();
    assertThat(store.images()).isEmpty();
  }

  private static Path busyboxRootfs(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(Podman.busybox(), bin.resolve("busybox"));
    Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
    Files.createSymbolicLink(bin.resolve("cat"), Path.of("busybox"));
    return dir;
  }

  private static byte[] config(Digest... diffIds) throws IOException {
    var root = JSON.createObjectNode();
    root.put("created", "2024-01-01T00:00:00Z");
    root.put("architecture", "amd64");
    root.put("os", "linux");
    root.putObject("config").putArray("Env").add("PATH=/bin");
    var rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    var ids = rootfs.putArray("diff_ids");
    var history = root.putArray("history");
    for (Digest d : diffIds) {
      ids.add(d.toString());
      history.addObject().put("created", "2024-01-01T00:00:00Z").put("created_by", "stowage test");
    }
    return JSON.writeValueAsBytes(root);
  }

  private static byte[] manifest(byte[] config, NewLayer... layers) throws IOException {
    var root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    root.putObject("config")
        .put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", Digest.sha256(config).toString())
        .put("size", config.length);
    var array = root.putArray("layers");
    for (NewLayer layer : layers) {
      array
          .addObject()
          .put("mediaType", "application/vnd.oci.image.layer.v1.tar")
          .put("digest", layer.diffId().toString())
          .put("size", layer.diffSize());
    }
    return JSON.writeValueAsBytes(root);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
