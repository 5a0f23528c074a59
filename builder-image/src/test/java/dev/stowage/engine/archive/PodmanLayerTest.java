package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers made by the real tools: {@code podman import} of a busybox-static rootfs, a second layer
 * committed by {@code buildah} that deletes a file (a whiteout), copied out by {@code skopeo} with
 * gzip and with zstd compression.
 */
class PodmanLayerTest {

  @TempDir static Path dir;
  static final String TAG = "stowage-archive-test-" + UUID.randomUUID().toString().substring(0, 8);
  static final String BASE = "localhost/" + TAG + ":base";
  static final String CHILD = "localhost/" + TAG + ":child";
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void images() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
    Posix.symlink("busybox", rootfs.resolve("sh"));
    Shell.ok(dir, "sh", "-c", "tar -C rootfs -c . | podman import - " + BASE);
    String container = Shell.ok(dir, "buildah", "from", "--pull-never", BASE).strip();
    try {
      String mount = Shell.ok(dir, "buildah", "mount", container).strip();
      Files.delete(Path.of(mount, "bin/sh"));
      Files.createDirectories(Path.of(mount, "etc"));
      Files.writeString(Path.of(mount, "etc/motd"), "built by buildah\n");
      Shell.ok(dir, "buildah", "umount", container);
      Shell.ok(dir, "buildah", "commit", "-q", container, CHILD);
    } finally {
      Shell.run(dir, "buildah", "rm", container);
    }
    for (String format : List.of("gzip", "zstd")) {
      Shell.ok(
          dir,
          "skopeo",
          "copy",
          "-q",
          "--dest-compress",
          "--dest-compress-format",
          format,
          "containers-storage:" + CHILD,
          "oci:" + dir.resolve(format) + ":x");
    }
  }

  @AfterAll
  static void removeImages() throws Exception {
    Shell.run(dir, "podman", "rmi", "-f", CHILD, BASE);
  }

  record Layer(Path blob, Digest diffId) {}

  static List<Layer> layers(Path layout) throws IOException {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest =
        JSON.readTree(blob(layout, index.get("manifests").get(0).get("digest")).toFile());
    JsonNode config = JSON.readTree(blob(layout, manifest.get("config").get("digest")).toFile());
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < manifest.get("layers").size(); i++) {
      layers.add(
          new Layer(
              blob(layout, manifest.get("layers").get(i).get("digest")),
              Digest.parse(config.get("rootfs").get("diff_ids").get(i).asText())));
    }
    return layers;
  }

  static Path blob(Path layout, JsonNode digest) {
    return layout.resolve("blobs/sha256").resolve(Digest.parse(digest.asText()).hex());
  }

  @Test
  void gzipAndZstdLayersFromSkopeoApplyWithVerifiedDiffIds() throws Exception {
    for (String format : List.of("gzip", "zstd")) {
      List<Layer> layers = layers(dir.resolve(format));
      assertThat(layers).hasSize(2);
      Path root = dir.resolve("apply-" + format);
      for (Layer layer : layers) {
        try (InputStream in = Files.newInputStream(layer.blob())) {
          ExtractResult r =
              new LayerExtractor(ExtractOptions.apply().verifying(layer.diffId()))
                  .extract(in, root);
          assertThat(r.compression()).isEqualTo(Compression.valueOf(format.toUpperCase()));
          assertThat(r.digest().hex()).isEqualTo(layer.blob().getFileName().toString());
        }
      }
      assertThat(Files.mismatch(root.resolve("bin/busybox"), Path.of("/bin/busybox")))
          .isEqualTo(-1);
      assertThat(Posix.lstat(root.resolve("bin/busybox")).permissions() & 0111).isNotZero();
      assertThat(root.resolve("bin/sh")).doesNotExist();
      assertThat(root.resolve("etc/motd")).hasContent("built by buildah");
      // and the extracted tree runs: busybox is a static binary
      assertThat(Shell.ok(dir, root.resolve("bin/busybox").toString(), "echo", "ran"))
          .contains("ran");
    }
  }

  @Test
  void buildahWhiteoutBecomesAnOverlayDeviceInDiffMode() throws Exception {
    List<Layer> layers = layers(dir.resolve("gzip"));
    Path diff = dir.resolve("overlay/child/diff");
    try (InputStream in = Files.newInputStream(layers.get(1).blob())) {
      new LayerExtractor(ExtractOptions.overlayDiff().verifying(layers.get(1).diffId()))
          .extract(in, diff);
    }
    assertThat(Posix.lstat(diff.resolve("bin/sh")).isOverlayWhiteout()).isTrue();
    assertThat(diff.resolve("bin/busybox")).doesNotExist();
    assertThat(diff.resolve("etc/motd")).hasContent("built by buildah");
  }

  @Test
  void ourRewriteOfThePodmanTreeListsTheSameWithGnuTar() throws Exception {
    Path root = dir.resolve("rewrite-src");
    try (InputStream in = Files.newInputStream(layers(dir.resolve("gzip")).get(0).blob())) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, root);
    }
    Path ours = dir.resolve("ours.tar");
    try (var out = Files.newOutputStream(ours)) {
      new LayerWriter(LayerOptions.defaults().withCompression(Compression.NONE))
          .writeTree(root, out);
    }
    String listing = Shell.ok(dir, "tar", "--numeric-owner", "-tvf", ours.toString());
    assertThat(listing).contains("bin/sh -> busybox").contains("bin/busybox");
  }
}
