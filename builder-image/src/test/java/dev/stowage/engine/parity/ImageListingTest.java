package dev.stowage.engine.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing layer directories and applying them, on hand-made {@code diff/} trees. Needs root. */
class ImageListingTest {

  @TempDir Path tmp;

  @Test
  void layerListingReadsModesOwnersLinksHardLinksXattrsAndWhiteouts() throws Exception {
    Path diff = Files.createDirectories(tmp.resolve("diff"));
    Path bin = Files.createDirectories(diff.resolve("usr/bin"));
    Files.writeString(bin.resolve("su"), "setuid\n");
    Posix.chmod(bin.resolve("su"), 04755);
    Path shared = Files.createDirectories(diff.resolve("shared"));
    Posix.chmod(shared, 01777);
    Path data = Files.writeString(diff.resolve("data.txt"), "data\n");
    Posix.lchown(data, 1000, 1001);
    Posix.chmod(data, 0640);
    Xattrs.set(data, "user.comment", "hi".getBytes(StandardCharsets.UTF_8));
    Files.createLink(diff.resolve("hard.txt"), data);
    Files.createSymbolicLink(diff.resolve("link"), Path.of("data.txt"));
    Posix.mkOverlayWhiteout(diff.resolve("gone"));
    Files.createFile(diff.resolve(".wh.also-gone"));
    Path opaque = Files.createDirectories(diff.resolve("opaque"));
    Xattrs.set(opaque, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));

    LayerListing layer = ImageListing.listLayer("sha256:x", diff);

    assertThat(layer.entries())
        .extracting(FileEntry::toString)
        .containsExactly(
            "/also-gone whiteout",
            "/data.txt file 0640 1000:1001 size=5 sha256=6667b2d1aab6a00c… xattrs={user.comment=6869}",
            "/gone whiteout",
            "/hard.txt file 0640 1000:1001 size=5 sha256=6667b2d1aab6a00c… hardlink=/data.txt"
                + " xattrs={user.comment=6869}",
            "/link symlink 0777 0:0 -> data.txt",
            "/opaque dir 0755 0:0 opaque",
            "/shared dir 1777 0:0",
            "/usr dir 0755 0:0",
            "/usr/bin dir 0755 0:0",
            "/usr/bin/su file 4755 0:0 size=7 sha256=fcd249947a42433f…");
  }

  @Test
  void listingIgnoresModificationTimes() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a/dir"));
    Path b = Files.createDirectories(tmp.resolve("b/dir"));
    Files.writeString(a.resolve("f"), "same");
    Files.writeString(b.resolve("f"), "same");
    Files.setLastModifiedTime(a.resolve("f"), FileTime.fromMillis(0));
    Files.setLastModifiedTime(b, FileTime.fromMillis(86_400_000));

    assertThat(ImageListing.listLayer("x", tmp.resolve("a")))
        .isEqualTo(ImageListing.listLayer("x", tmp.resolve("b")));
  }

  @Test
  void whiteoutRemovesThePathAndEverythingBelowIt() {
    LayerListing base = layer(dir("etc"), file("etc/issue"), dir("etc/apt"), file("etc/apt/x"));
    LayerListing top = layer(FileEntry.whiteout("etc/apt"));

    assertThat(ImageListing.apply(List.of(base, top))).containsOnlyKeys("etc", "etc/issue");
  }

  @Test
  void opaqueDirectoryHidesLowerContentButKeepsItsOwn() {
    LayerListing base = layer(dir("doc"), file("doc/a"), file("doc/b"), file("docs-sibling"));
    LayerListing top = layer(opaqueDir("doc"), file("doc/new"));

    assertThat(ImageListing.apply(List.of(base, top)))
        .containsOnlyKeys("doc", "doc/new", "docs-sibling");
    assertThat(ImageListing.apply(List.of(base, top)).get("doc").opaque()).isFalse();
  }

  @Test
  void fileReplacingADirectoryHidesItsChildren() {
    LayerListing base = layer(dir("var"), dir("var/lib"), file("var/lib/x"));
    LayerListing top = layer(file("var/lib"));

    assertThat(ImageListing.apply(List.of(base, top))).containsOnlyKeys("var", "var/lib");
    assertThat(ImageListing.apply(List.of(base, top)).get("var/lib").type()).isEqualTo("file");
  }

  @Test
  void sameChangeSpelledAsOpaqueDirectoryOrAsWhiteoutsHasTheSameEffect() {
    LayerListing base = layer(dir("doc"), file("doc/a"), file("doc/b"));
    LayerListing opaque = layer(opaqueDir("doc"), file("doc/new"));
    LayerListing whiteouts =
        layer(
            dir("doc"), FileEntry.whiteout("doc/a"), FileEntry.whiteout("doc/b"), file("doc/new"));

    List<LayerEffect> x = listing(base, opaque).effects();
    List<LayerEffect> y = listing(base, whiteouts).effects();

    assertThat(x).isEqualTo(y);
    assertThat(x.get(1).changed()).containsOnlyKeys("doc/new");
    assertThat(x.get(1).removed()).containsExactly("doc/a", "doc/b");
  }

  static ImageListing listing(LayerListing... layers) {
    return new ImageListing(
        "test",
        ImageListing.apply(List.of(layers)),
        List.of(layers),
        new ConfigFields(
            List.of(), null, null, "", "", new TreeMap<>(), null, null, "", "", List.of(), null),
        List.of());
  }

  static LayerListing layer(FileEntry... entries) {
    return new LayerListing("sha256:test", List.of(entries));
  }

  static FileEntry file(String path) {
    return new FileEntry(path, "file", 0644, 0, 0, 1, "ab", "", "", "", false, null);
  }

  static FileEntry dir(String path) {
    return new FileEntry(path, "dir", 0755, 0, 0, 0, "", "", "", "", false, null);
  }

  static FileEntry opaqueDir(String path) {
    return new FileEntry(path, "dir", 0755, 0, 0, 0, "", "", "", "", true, null);
  }
}
