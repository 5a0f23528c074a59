package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native driver's path: snapshot, run (simulated), diff, write the changes as a layer. */
class TreeDiffTest {

  @TempDir Path tmp;
  Path root;
  Path baseLayer;

  @BeforeEach
  void base() throws IOException {
    Path base = SampleTree.create(tmp.resolve("base"));
    Files.writeString(Files.createDirectories(base.resolve("etc")).resolve("hosts"), "image hosts");
    Files.createDirectories(base.resolve("var/lib/gone/deeper"));
    Files.writeString(base.resolve("var/lib/gone/deeper/f"), "f");
    baseLayer = tmp.resolve("base.tar");
    try (var out = Files.newOutputStream(baseLayer)) {
      new LayerWriter(LayerOptions.defaults().withCompression(Compression.NONE))
          .writeTree(base, out);
    }
    root = tmp.resolve("rootfs");
    try (var in = Files.newInputStream(baseLayer)) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, root);
    }
  }

  @Test
  void untouchedTreeHasNoChanges() throws IOException {
    Snapshot before = Snapshot.take(root, PathExclusions.RUNTIME_PROVIDED);
    Snapshot after = Snapshot.take(root, PathExclusions.RUNTIME_PROVIDED);
    assertThat(TreeDiff.between(before, after).isEmpty()).isTrue();
    assertThat(before.entries()).containsKey("usr/bin/tool").doesNotContainKey("etc/hosts");
  }

  @Test
  void detectsContentModeOwnerXattrLinkAndTypeChanges() throws IOException {
    Snapshot before = Snapshot.take(root, PathExclusions.RUNTIME_PROVIDED);
    Files.writeString(root.resolve("etc/empty"), "now with content");
    Posix.chmod(root.resolve("etc/owned"), 0600);
    Posix.lchown(root.resolve("usr/bin/group-tool"), 5, 5);
    Xattrs.set(root.resolve("usr/bin/ping"), "user.added", new byte[] {1});
    Files.delete(root.resolve("abs-link"));
    Posix.symlink("/elsewhere", root.resolve("abs-link"));
    Files.delete(root.resolve("random.bin"));
    Files.createDirectory(root.resolve("random.bin"));
    Files.writeString(root.resolve("new-file"), "hi");
    dev.stowage.engine.fs.FileTrees.delete(root.resolve("var/lib/gone"));
    Files.delete(root.resolve("dev/fifo"));
    Files.writeString(root.resolve("etc/hosts"), "provided by the build, not the image");

    Changes changes =
        TreeDiff.between(before, Snapshot.take(root, PathExclusions.RUNTIME_PROVIDED));

    assertThat(changes.changed())
        .contains(
            "etc/empty",
            "etc/owned",
            "usr/bin/group-tool",
            "usr/bin/ping",
            "abs-link",
            "random.bin",
            "new-file",
            "var/lib",
            "dev")
        .doesNotContain("etc/hosts", "usr/bin/tool", "sparse", "var/lib/gone");
    assertThat(changes.deleted()).containsExactly("dev/fifo", "var/lib/gone");
  }

  @Test
  void changesLayerAppliedOnTheBaseReproducesTheTree() throws IOException {
    Snapshot before = Snapshot.take(root, PathExclusions.RUNTIME_PROVIDED);
    Files.writeString(root.resolve("usr/bin/tool"), "patched");
    Files.createDirectories(root.resolve("opt/app/lib"));
    Files.writeString(root.resolve("opt/app/lib/x.so"), "so");
    Posix.link(root.resolve("opt/app/lib/x.so"), root.resolve("opt/app/x-link.so"));
    dev.stowage.engine.fs.FileTrees.delete(root.resolve("var/lib/gone"));
    Files.delete(root.resolve("dev/null"));
    Posix.chmod(root.resolve("tmp"), 0700);
    Files.writeString(root.resolve("etc/hosts"), "provided");
    Changes changes =
        TreeDiff.between(before, Snapshot.take(root, PathExclusions.RUNTIME_PROVIDED));

    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    new LayerWriter(LayerOptions.defaults().withExclusions(PathExclusions.RUNTIME_PROVIDED))
        .writeChanges(root, changes, layer);

    List<String> names = new ArrayList<>();
    TarReader reader =
        new TarReader(Compression.GZIP.decompress(new ByteArrayInputStream(layer.toByteArray())));
    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
      names.add(e.name());
    }
    assertThat(names)
        .contains("dev/", "dev/.wh.null", "var/lib/.wh.gone", "opt/", "opt/app/lib/x.so", "tmp/")
        .doesNotContain("etc/hosts", "usr/bin/group-tool");
    assertThat(names).isSortedAccordingTo(PathOrder.INSTANCE);

    Path replay = tmp.resolve("replay");
    try (var in = Files.newInputStream(baseLayer)) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, replay);
    }
    new LayerExtractor(ExtractOptions.apply())
        .extract(new ByteArrayInputStream(layer.toByteArray()), replay);
    var replayed = new java.util.TreeMap<>(TreeView.of(replay, true));
    var expected = new java.util.TreeMap<>(TreeView.of(root, true));
    // the provided /etc/hosts stays out of the layer, so the image's own copy remains
    assertThat(replay.resolve("etc/hosts")).hasContent("image hosts");
    replayed.remove("etc/hosts");
    expected.remove("etc/hosts");
    // directories the merge passed through get fresh mtimes; everything else must match
    assertThat(replayed).isEqualTo(expected);
  }

  @Test
  void snapshotExcludesSubtrees() throws IOException {
    Snapshot s = Snapshot.take(root, PathExclusions.of("usr", "/etc/"));
    assertThat(s.entries().keySet()).noneMatch(p -> p.startsWith("usr") || p.startsWith("etc"));
    assertThat(s.entries()).containsKey("tmp");
  }

  @Test
  void exclusionsMatchWholeComponentsOnly() {
    PathExclusions e = PathExclusions.of("etc/hosts");
    assertThat(e.excludes("etc/hosts")).isTrue();
    assertThat(e.excludes("/etc/hosts/")).isTrue();
    assertThat(e.excludes("etc/hosts/x")).isTrue();
    assertThat(e.excludes("etc/hosts.allow")).isFalse();
    assertThat(e.excludes("etc")).isFalse();
  }
}
