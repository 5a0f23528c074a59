package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stowage.engine.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreJsonTest {

  @TempDir Path tmp;

  @Test
  void podmanLayersJsonRoundTripsByteForByte() throws Exception {
    byte[] golden = TarSplitWriterTest.resource("podman-layers.json");
    Path file = tmp.resolve("layers.json");
    Files.write(file, golden);

    List<LayerRecord> layers = StoreJson.readLayers(file);

    assertThat(layers).hasSize(3);
    LayerRecord child = layers.get(1);
    assertThat(child.parent()).contains(layers.get(0).id());
    assertThat(child.diffDigest().orElseThrow().hex())
        .isEqualTo("f8349cdcf2c0ce328d335110bf0d14886a5d845c28d2dccbac556a66b4fee5ef");
    assertThat(child.diffSize()).isEqualTo(2048);
    assertThat(child.created()).contains(Instant.parse("2026-11-28T07:49:56.908954246Z"));
    assertThat(new String(StoreJson.layersToBytes(layers), StandardCharsets.UTF_8))
        .isEqualTo(new String(golden, StandardCharsets.UTF_8));
  }

  @Test
  void podmanImagesJsonRoundTripsByteForByte() throws Exception {
    byte[] golden = TarSplitWriterTest.resource("podman-images.json");
    Path file = tmp.resolve("images.json");
    Files.write(file, golden);

    List<ImageRecord> images = StoreJson.readImages(file);

    assertThat(images).hasSize(3);
    ImageRecord first = images.get(0);
    assertThat(first.names()).containsExactly("localhost/bb:1");
    assertThat(first.topLayer())
        .contains("45437cc0e63b7ae27f88a83347282d20081ea819092ac6de9ad6e532e7822075");
    assertThat(first.bigDataNames()).contains("manifest");
    assertThat(first.manifestDigests()).containsExactly(first.digest().orElseThrow());
    assertThat(new String(StoreJson.imagesToBytes(images), StandardCharsets.UTF_8))
        .isEqualTo(new String(golden, StandardCharsets.UTF_8));
  }

  @Test
  void fieldsWeDoNotInterpretSurviveARewrite() throws Exception {
    Path file = tmp.resolve("layers.json");
    Files.writeString(
        file,
        "[{\"id\":\"abc\",\"mountlabel\":\"system_u:object_r\",\"compression\":2,"
            + "\"uidmap\":[{\"container_id\":0,\"host_id\":100000,\"size\":65536}],"
            + "\"diff-digest\":\"sha512:beef\",\"big-data-names\":[\"x\"]}]");

    byte[] rewritten = StoreJson.layersToBytes(StoreJson.readLayers(file));

    assertThat(new String(rewritten, StandardCharsets.UTF_8))
        .isEqualTo(
            "[{\"id\":\"abc\",\"mountlabel\":\"system_u:object_r\",\"compression\":2,"
                + "\"uidmap\":[{\"container_id\":0,\"host_id\":100000,\"size\":65536}],"
                + "\"big-data-names\":[\"x\"],\"diff-digest\":\"sha512:beef\"}]");
  }

  @Test
  void ourLayerRecordHasTheShapePodmanWrites() {
    Digest diff = Digest.sha256Hex("1".repeat(64));
    LayerRecord layer =
        new LayerRecord(
            "2".repeat(64),
            List.of(),
            Optional.of("3".repeat(64)),
            "",
            Optional.of(Instant.parse("2024-01-02T03:04:05.120Z")),
            Optional.of(diff),
            2048,
            Optional.of(diff),
            2048,
            List.of(0L),
            List.of(0L),
            Map.of("incomplete", BooleanNode.TRUE),
            Map.of());

    assertThat(new String(StoreJson.layersToBytes(List.of(layer)), StandardCharsets.UTF_8))
        .isEqualTo(
            new String(TarSplitWriterTest.resource("stowage-layers.json"), StandardCharsets.UTF_8)
                .strip());
  }

  @Test
  void ourImageRecordHasTheShapePodmanWrites() {
    Digest manifest = Digest.sha256Hex("4".repeat(64));
    Digest config = Digest.sha256Hex("5".repeat(64));
    ImageRecord image =
        new ImageRecord(
            config.hex(),
            Optional.of(manifest),
            List.of("localhost/app:1"),
            List.of("localhost/app:1"),
            Optional.of("6".repeat(64)),
            "{\"signatures-sizes\":{\"" + manifest + "\":[]}}",
            List.of(config.toString(), "manifest-" + manifest, "manifest"),
            Map.of(config.toString(), 10L, "manifest-" + manifest, 20L, "manifest", 20L),
            Map.of(
                config.toString(), config, "manifest-" + manifest, manifest, "manifest", manifest),
            Optional.of(Instant.parse("2024-01-02T03:04:05Z")),
            Map.of(),
            Map.of("digests", TextNode.valueOf("kept")));

    assertThat(new String(StoreJson.imagesToBytes(List.of(image)), StandardCharsets.UTF_8))
        .isEqualTo(
            new String(TarSplitWriterTest.resource("stowage-images.json"), StandardCharsets.UTF_8)
                .strip());
  }

  @Test
  void emptyOrMissingFilesHoldNoRecords() throws Exception {
    assertThat(StoreJson.readLayers(tmp.resolve("missing.json"))).isEmpty();
    Files.writeString(tmp.resolve("empty.json"), "");
    assertThat(StoreJson.readImages(tmp.resolve("empty.json"))).isEmpty();
  }

  @Test
  void timestampsAreWrittenAsGoDoes() {
    assertThat(GoTime.format(Instant.parse("2026-11-28T07:49:38.633854360Z")))
        .isEqualTo("2026-11-28T07:49:38.63385436Z");
    assertThat(GoTime.format(Instant.parse("2024-01-02T03:04:05Z")))
        .isEqualTo("2024-01-02T03:04:05Z");
    assertThat(GoTime.parse("2024-01-02T04:04:05.5+01:00"))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05.5Z"));
  }

  @Test
  void timestampsAreWrittenAsThePatternFormatterWroteThem() {
    DateTimeFormatter seconds =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    Random random = new Random(7);
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.000000001Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00.1Z")));
    for (int i = 0; i < 2000; i++) {
      instants.add(
          Instant.ofEpochSecond(
              random.nextLong(-70_000_000_000L, 300_000_000_000L),
              random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)));
    }
    for (Instant instant : instants) {
      String fraction =
          instant.getNano() == 0
              ? ""
              : ("." + String.format("%09d", instant.getNano())).replaceAll("0+$", "");
      assertThat(GoTime.format(instant))
          .as("%s", instant)
          .isEqualTo(seconds.format(instant) + fraction + "Z");
    }
  }

  @Test
  void bigDataFileNamesMatchPodmans() {
    assertThat(BigDataKeys.fileName("manifest")).isEqualTo("manifest");
    // names as podman created them in a real store
    assertThat(
            BigDataKeys.fileName(
                "manifest-sha256:0cba2beecced185192b28725dfc77651af26059aaf81b068af8a81d41a8f95ba"))
        .isEqualTo(
            "=bWFuaWZlc3Qtc2hhMjU2OjBjYmEyYmVlY2NlZDE4NTE5MmIyODcyNWRmYzc3NjUxYWYyNjA1OWFhZjgxYjA2OGFmOGE4MWQ0MWE4Zjk1YmE=");
    assertThat(BigDataKeys.fileName("Manifest")).startsWith("=");
  }

  @Test
  void layerIdsDeriveAsPodmanDerivesThem() {
    Digest baseDiff =
        Digest.parse("sha256:45437cc0e63b7ae27f88a83347282d20081ea819092ac6de9ad6e532e7822075");
    Digest childDiff =
        Digest.parse("sha256:f8349cdcf2c0ce328d335110bf0d14886a5d845c28d2dccbac556a66b4fee5ef");
    LayerId base = LayerId.derive(Optional.empty(), baseDiff);

    assertThat(base.hex()).isEqualTo(baseDiff.hex());
    // the child id podman gave this layer in a real store
    assertThat(LayerId.derive(Optional.of(base), childDiff).hex())
        .isEqualTo("b97d2b6c4a6428c1a1bfc93afa0a30d4bc181b7b59812a2916c1f80e936edebb");
  }
}
