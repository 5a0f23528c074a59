package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Layers crafted to write outside the destination. Each must be refused with a clear reason, leave
 * the destination exactly as it was and leave nothing next to it or in the sentinel directory
 * outside.
 */
class HostileLayerTest {

  @TempDir Path tmp;
  Path sentinel;
  Path dest;

  @BeforeEach
  void setUp() throws IOException {
    sentinel = Files.createDirectories(tmp.resolve("sentinel"));
    Files.writeString(sentinel.resolve("passwd"), "untouched");
    Files.writeString(sentinel.resolve("shadow"), "secret");
    Path layers = Files.createDirectories(tmp.resolve("layers"));
    dest = layers.resolve("root");
    // a lower layer already in place, as for the native driver
    Files.createDirectories(dest.resolve("etc"));
    Files.writeString(dest.resolve("etc/passwd"), "root:x:0:0");
    Posix.symlink("usr/lib", dest.resolve("lib"));
    Files.createDirectories(dest.resolve("usr/lib"));
  }

  enum Mode {
    INTO_LOWER_LAYERS,
    INTO_EMPTY_DIFF
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dotDotEscapeIsRefused(Mode mode) throws Exception {
    refused(mode, new HostileTar().file("ok", "fine").file("../escape", "x"), "'..'");
    refused(mode, new HostileTar().file("a/../../sentinel/passwd", "x"), "'..'");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void writeThroughPlantedAbsoluteSymlinkIsRefused(Mode mode) throws Exception {
    String host = sentinel.toString();
    refused(mode, new HostileTar().symlink("a", host).file("a/passwd", "pwned"), "symlink planted");
    refused(
        mode, new HostileTar().symlink("b", "/etc").file("b/passwd", "pwned"), "symlink planted");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void writeThroughPlantedDotDotSymlinkIsRefused(Mode mode) throws Exception {
    refused(
        mode,
        new HostileTar().dir("d").symlink("d/up", "../../../..").file("d/up/tmp/pwned", "x"),
        "symlink planted");
    refused(mode, new HostileTar().symlink("up", "../sentinel").dir("up/sub"), "symlink planted");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void hardlinkToHostFileOrOutsideIsRefused(Mode mode) throws Exception {
    refused(mode, new HostileTar().hardlink("shadow", "/etc/shadow"), "not an earlier entry");
    refused(
        mode,
        new HostileTar().hardlink("shadow", sentinel.resolve("shadow").toString()),
        "not an earlier entry");
    refused(mode, new HostileTar().hardlink("s", "../sentinel/shadow"), "'..'");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void hardlinkThroughPlantedSymlinkIsRefused(Mode mode) throws Exception {
    refused(
        mode,
        new HostileTar().dir("x").file("x/f", "data").symlink("s", "x").hardlink("h", "s/f"),
        "not a directory");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nulInNameIsRefused(Mode mode) throws Exception {
    refused(mode, new HostileTar().file("ok", "x").file("evil\0/../../x", "x"), "NUL");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void whiteoutOfDotDotIsRefused(Mode mode) throws Exception {
    refused(mode, new HostileTar().file("etc/.wh...", "").file("x", "y"), "names no entry");
  }

  @Test
  void absoluteNamesAreMadeRelative() throws Exception {
    new LayerExtractor(ExtractOptions.apply())
        .extract(new HostileTar().file("/abs/file", "inside").stream(), dest);
    assertThat(dest.resolve("abs/file")).hasContent("inside");
    assertThat(Path.of("/abs/file")).doesNotExist();
  }

  @Test
  void longNamesAreFine() throws Exception {
    String name = "d/" + "n".repeat(200) + "/" + "m".repeat(250);
    new LayerExtractor(ExtractOptions.apply())
        .extract(new HostileTar().file(name, "ok").stream(), dest);
    assertThat(dest.resolve(name)).hasContent("ok");
  }

  @Test
  void lowerLayerSymlinksAreFollowedInsideTheRootOnly() throws Exception {
    // symlinks from lower layers: relative, absolute, and one naming a host directory
    Posix.symlink("/etc", dest.resolve("etc2"));
    Posix.symlink(sentinel.toString(), dest.resolve("host"));
    new LayerExtractor(ExtractOptions.apply())
        .extract(
            new HostileTar()
                    .file("lib/libc.so", "c")
                    .file("etc2/motd", "hello")
                    .file("host/passwd", "in root")
                    .stream(),
            dest);
    assertThat(dest.resolve("usr/lib/libc.so")).hasContent("c");
    assertThat(dest.resolve("etc/motd")).hasContent("hello");
    assertThat(sentinel.resolve("passwd")).hasContent("untouched");
    // "host" leads nowhere inside the root: the layer's directory replaces the dangling link
    assertThat(Posix.lstat(dest.resolve("host")).isDirectory()).isTrue();
    assertThat(dest.resolve("host/passwd")).hasContent("in root");
  }

  @Test
  void diffIdMismatchLeavesNothingBehind() throws Exception {
    Map<String, String> before = view();
    HostileTar tar = new HostileTar().file("new", "content");
    Digest wrong = Digest.sha256(new byte[] {1});
    assertThatThrownBy(
            () ->
                new LayerExtractor(ExtractOptions.apply().verifying(wrong))
                    .extract(tar.stream(), dest))
        .isInstanceOf(DiffIdMismatchException.class)
        .hasMessageContaining(wrong.toString());
    assertThat(view()).isEqualTo(before);
  }

  @Test
  void truncatedLayerLeavesNothingBehind() throws Exception {
    Map<String, String> before = view();
    byte[] full = new HostileTar().file("big", "x".repeat(5000)).bytes();
    byte[] cut = java.util.Arrays.copyOf(full, 2048);
    assertThatThrownBy(
            () ->
                new LayerExtractor(ExtractOptions.apply())
                    .extract(new java.io.ByteArrayInputStream(cut), dest))
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessageContaining("truncated");
    assertThat(view()).isEqualTo(before);
  }

  /** Everything under tmp except the mtime of the destination's parent, where staging lives. */
  private Map<String, String> view() throws IOException {
    Map<String, String> v = new java.util.TreeMap<>(TreeView.of(tmp));
    v.remove("layers");
    return v;
  }

  private void refused(Mode mode, HostileTar tar, String why) throws Exception {
    Path target = mode == Mode.INTO_LOWER_LAYERS ? dest : tmp.resolve("layers/diff");
    ExtractOptions options =
        mode == Mode.INTO_LOWER_LAYERS ? ExtractOptions.apply() : ExtractOptions.overlayDiff();
    Map<String, String> before = view();
    Consumer<UnsafeArchiveException> check =
        e -> assertThat(e.getMessage()).contains(why).contains("refusing layer entry");
    assertThatThrownBy(() -> new LayerExtractor(options).extract(tar.stream(), target))
        .isInstanceOfSatisfying(UnsafeArchiveException.class, check);
    assertThat(view()).as("nothing changed anywhere").isEqualTo(before);
  }
}
