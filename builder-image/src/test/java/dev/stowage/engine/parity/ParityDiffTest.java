package dev.stowage.engine.parity;

import static dev.stowage.engine.parity.ImageListingTest.dir;
import static dev.stowage.engine.parity.ImageListingTest.file;
import static dev.stowage.engine.parity.ImageListingTest.layer;
import static dev.stowage.engine.parity.ImageListingTest.listing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.ContainerConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The differences a failing parity test shows, in words. */
class ParityDiffTest {

  @Test
  void identicalListingsHaveNoDifferences() {
    ImageListing a = listing(layer(dir("etc"), file("etc/x")));
    ImageListing b = listing(layer(dir("etc"), file("etc/x")));

    ParityDiff diff = ParityDiff.between("stowage", a, "buildah", b);

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.explain()).isEmpty();
  }

  @Test
  void fileDifferencesNameTheSideAndTheField() {
    FileEntry wideOpen =
        new FileEntry("etc/x", "file", 0755, 0, 0, 1, "ab", "", "", "", false, null);
    ImageListing a = listing(layer(dir("etc"), file("etc/x"), file("etc/only-a")));
    ImageListing b = listing(layer(dir("etc"), wideOpen, file("etc/only-b")));

    ParityDiff diff = ParityDiff.between("stowage", a, "buildah", b);

    assertThat(diff.files())
        .containsExactly(
            "only in stowage: /etc/only-a file 0644 0:0 size=1 sha256=ab",
            "only in buildah: /etc/only-b file 0644 0:0 size=1 sha256=ab",
            "/etc/x: mode 0644 ≠ 0755 (stowage vs buildah)");
    assertThat(diff.explain()).startsWith("stowage vs buildah:\n  final filesystem (3):\n");
  }

  @Test
  void layerCountAndPerLayerEffectsAreCompared() {
    ImageListing oneLayer = listing(layer(dir("a"), file("a/1"), file("a/2")));
    ImageListing twoLayers = listing(layer(dir("a"), file("a/1")), layer(file("a/2")));

    ParityDiff diff = ParityDiff.between("stowage", oneLayer, "buildah", twoLayers);

    assertThat(diff.files()).isEmpty();
    assertThat(diff.layers())
        .containsExactly(
            "stowage has 1 layers, buildah has 2",
            "layer 0 changes only in stowage: /a/2 file 0644 0:0 size=1 sha256=ab");
  }

  @Test
  void configFieldsAreComparedWithoutTheEngineLabel() {
    ContainerConfig base =
        ContainerConfig.EMPTY
            .withEnv(List.of("PATH=/bin"))
            .withLabels(new TreeMap<>(Map.of("a", "1")));
    ConfigFields ours = ConfigFields.of(base);
    ConfigFields theirs =
        ConfigFields.of(
            base.withLabels(new TreeMap<>(Map.of("a", "1", "io.buildah.version", "1.28.2"))));
    ConfigFields otherUser = ConfigFields.of(base.withUser("1000"));

    assertThat(ours).isEqualTo(theirs);
    ImageListing a = withConfig(ours);
    ImageListing b = withConfig(otherUser);
    assertThat(ParityDiff.between("stowage", a, "buildah", b).config())
        .containsExactly("user: stowage=, buildah=1000");
  }

  private static ImageListing withConfig(ConfigFields config) {
    ImageListing empty = listing(layer(dir("x")));
    return new ImageListing("t", empty.files(), empty.layers(), config, List.of());
  }
}
