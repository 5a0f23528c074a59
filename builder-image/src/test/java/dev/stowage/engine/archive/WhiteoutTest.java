package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhiteoutTest {

  @TempDir Path tmp;
  Path lower;

  @BeforeEach
  void lowerLayer() throws IOException {
    lower = tmp.resolve("root");
    Files.createDirectories(lower.resolve("app/cache/deep"));
    Files.writeString(lower.resolve("app/cache/deep/old"), "old");
    Files.writeString(lower.resolve("app/cache/stale"), "stale");
    Files.writeString(lower.resolve("app/keep"), "keep");
    Files.writeString(lower.resolve("app/remove-me"), "bye");
    Files.createDirectories(lower.resolve("gone/sub"));
    Posix.symlink("app", lower.resolve("link-to-app"));
  }

  /** Deletes app/remove-me and gone/, makes app/cache opaque and adds app/cache/fresh. */
  static byte[] upperLayer() throws IOException {
    return new HostileTar()
        .dir("app")
        .file("app/.wh.remove-me", "")
        .dir("app/cache")
        .file("app/cache/.wh..wh..opq", "")
        .file("app/cache/fresh", "new")
        .file(".wh.gone", "")
        .file("app/.wh..wh.plnk", "")
        .bytes();
  }

  @Test
  void applyModeDeletesWhiteoutsAndClearsOpaqueDirectories() throws IOException {
    new LayerExtractor(ExtractOptions.apply())
        .extract(new ByteArrayInputStream(upperLayer()), lower);
    assertThat(lower.resolve("app/remove-me")).doesNotExist();
    assertThat(lower.resolve("gone")).doesNotExist();
    assertThat(lower.resolve("app/keep")).hasContent("keep");
    assertThat(lower.resolve("app/cache/fresh")).hasContent("new");
    assertThat(lower.resolve("app/cache/stale")).doesNotExist();
    assertThat(lower.resolve("app/cache/deep")).doesNotExist();
    assertThat(lower.resolve("app/.wh.remove-me")).doesNotExist();
    assertThat(Xattrs.list(lower.resolve("app/cache"))).isEmpty();
  }

  @Test
  void whiteoutBeforeOrAfterSameNamedEntryOnlyHidesTheLowerOne() throws IOException {
    byte[] layer = new HostileTar().file("app/keep", "replaced").file("app/.wh.keep", "").bytes();
    new LayerExtractor(ExtractOptions.apply()).extract(new ByteArrayInputStream(layer), lower);
    assertThat(lower.resolve("app/keep")).hasContent("replaced");
  }

  @Test
  void overlayModeRecordsWhiteoutsAsDevicesAndOpaqueXattr() throws IOException {
    Path diff = tmp.resolve("overlay/diff");
    new LayerExtractor(ExtractOptions.overlayDiff())
        .extract(new ByteArrayInputStream(upperLayer()), diff);
    assertThat(Posix.lstat(diff.resolve("app/remove-me")).isOverlayWhiteout()).isTrue();
    assertThat(Posix.lstat(diff.resolve("gone")).isOverlayWhiteout()).isTrue();
    assertThat(Xattrs.get(diff.resolve("app/cache"), "trusted.overlay.opaque"))
        .isEqualTo("y".getBytes());
    assertThat(Xattrs.get(diff.resolve("app"), "trusted.overlay.opaque")).isNull();
    assertThat(diff.resolve("app/cache/fresh")).hasContent("new");
    assertThat(diff.resolve("app/.wh.remove-me")).doesNotExist();
    assertThat(diff.resolve("app/.wh..wh.plnk")).doesNotExist();
  }

  @Test
  void rootlessOverlayUsesTheUserNamespaceXattr() throws IOException {
    Path diff = tmp.resolve("rootless/diff");
    new LayerExtractor(ExtractOptions.overlayDiff().withOpaqueXattr("user.overlay.opaque"))
        .extract(new ByteArrayInputStream(upperLayer()), diff);
    assertThat(Xattrs.get(diff.resolve("app/cache"), "user.overlay.opaque"))
        .isEqualTo("y".getBytes());
  }

  @Test
  void overlayDiffWritesBackToTheSameWhiteoutEntries() throws IOException {
    Path diff = tmp.resolve("overlay/diff");
    new LayerExtractor(ExtractOptions.overlayDiff())
        .extract(new ByteArrayInputStream(upperLayer()), diff);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new LayerWriter(LayerOptions.defaults().withCompression(Compression.NONE))
        .writeOverlayDiff(diff, again);
    java.util.List<String> names = new java.util.ArrayList<>();
    TarReader reader = new TarReader(new ByteArrayInputStream(again.toByteArray()));
    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
      names.add(e.name());
      assertThat(e.xattrs()).doesNotContainKey("trusted.overlay.opaque");
    }
    assertThat(names).isSortedAccordingTo(PathOrder.INSTANCE);
    assertThat(names)
        .containsExactly(
            ".wh.gone",
            "app/",
            "app/.wh.remove-me",
            "app/cache/",
            "app/cache/.wh..wh..opq",
            "app/cache/fresh");
    // and applying that regenerated layer gives the same result as the original
    new LayerExtractor(ExtractOptions.apply())
        .extract(new ByteArrayInputStream(again.toByteArray()), lower);
    assertThat(lower.resolve("app/cache/stale")).doesNotExist();
    assertThat(lower.resolve("gone")).doesNotExist();
    assertThat(lower.resolve("app/cache/fresh")).hasContent("new");
  }

  @Test
  void overlayModeRefusesANonEmptyDestination() {
    assertThatThrownBy(
            () ->
                new LayerExtractor(ExtractOptions.overlayDiff())
                    .extract(new ByteArrayInputStream(upperLayer()), lower))
        .hasMessageContaining("must be empty");
  }

  @Test
  void directoryReplacesFileAndFileReplacesDirectory() throws IOException {
    byte[] layer =
        new HostileTar().dir("app/keep").file("app/keep/inner", "i").file("gone", "f").bytes();
    new LayerExtractor(ExtractOptions.apply()).extract(new ByteArrayInputStream(layer), lower);
    assertThat(lower.resolve("app/keep/inner")).hasContent("i");
    assertThat(lower.resolve("gone")).isRegularFile().hasContent("f");
  }

  @Test
  void explicitDirectoryEntryReplacesLowerSymlink() throws IOException {
    byte[] layer = new HostileTar().dir("link-to-app").file("link-to-app/x", "x").bytes();
    new LayerExtractor(ExtractOptions.apply()).extract(new ByteArrayInputStream(layer), lower);
    assertThat(Posix.lstat(lower.resolve("link-to-app")).isDirectory()).isTrue();
    assertThat(lower.resolve("app/x")).doesNotExist();
  }
}
