package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Timespec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerRoundTripTest {

  @TempDir static Path shared;
  static Path tree;
  static Map<String, String> original;

  @TempDir Path tmp;

  @BeforeAll
  static void sample() throws IOException {
    tree = SampleTree.create(shared.resolve("tree"));
    original = TreeView.of(tree);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyEntryTypeSurvivesWriterThenExtractor(Compression compression) throws IOException {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    LayerBlob layer =
        new LayerWriter(LayerOptions.defaults().withCompression(compression)).writeTree(tree, blob);

    Path out = tmp.resolve("out");
    ExtractResult result =
        new LayerExtractor(ExtractOptions.apply().verifying(layer.diffId()))
            .extract(new ByteArrayInputStream(blob.toByteArray()), out);

    assertThat(TreeView.of(out)).containsExactlyInAnyOrderEntriesOf(original);
    assertThat(result.diffId()).isEqualTo(layer.diffId());
    assertThat(result.digest()).isEqualTo(layer.digest());
    assertThat(result.size()).isEqualTo(layer.size()).isEqualTo(blob.size());
    assertThat(result.uncompressedSize()).isEqualTo(layer.uncompressedSize());
    assertThat(result.compression()).isEqualTo(compression);
    assertThat(layer.mediaType()).isEqualTo(compression.mediaType());
  }

  @Test
  void sameTreeGivesSameDigestTwice() throws IOException {
    LayerWriter writer = new LayerWriter(LayerOptions.defaults());
    LayerBlob first = writer.writeTree(tree, OutputStreamSink.INSTANCE);
    LayerBlob second = writer.writeTree(tree, OutputStreamSink.INSTANCE);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void gzipOutputDoesNotDependOnTheThreadCount() throws IOException {
    LayerBlob one =
        new LayerWriter(LayerOptions.defaults().withThreads(1))
            .writeTree(tree, OutputStreamSink.INSTANCE);
    LayerBlob four =
        new LayerWriter(LayerOptions.defaults().withThreads(4))
            .writeTree(tree, OutputStreamSink.INSTANCE);
    assertThat(four.digest()).isEqualTo(one.digest());
  }

  @Test
  void timestampClampsMtimesSoTouchedCopiesMatch() throws IOException {
    Path copy = tmp.resolve("copy");
    new LayerExtractor(ExtractOptions.apply()).extract(layerOf(tree), copy);
    Timespec later = new Timespec(1_900_000_000L, 5);
    try (var walk = Files.walk(copy)) {
      for (Path p : walk.toList()) {
        Posix.utimens(p, later, later);
      }
    }
    LayerOptions clamped = LayerOptions.defaults().withTimestamp(1_000_000_000L);
    LayerBlob a = new LayerWriter(clamped).writeTree(tree, OutputStreamSink.INSTANCE);
    LayerBlob b = new LayerWriter(clamped).writeTree(copy, OutputStreamSink.INSTANCE);
    LayerBlob unclamped =
        new LayerWriter(LayerOptions.defaults()).writeTree(copy, OutputStreamSink.INSTANCE);
    assertThat(b.diffId()).isEqualTo(a.diffId());
    assertThat(b.digest()).isEqualTo(a.digest());
    assertThat(unclamped.diffId()).isNotEqualTo(a.diffId());
  }

  @Test
  void timestampKeepsEarlierMtimes() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Path f = Files.writeString(dir.resolve("old"), "x");
    Posix.utimens(f, new Timespec(100, 0), new Timespec(100, 0));
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    new LayerWriter(LayerOptions.defaults().withTimestamp(1_000_000_000L)).writeTree(dir, blob);
    Path out = tmp.resolve("out");
    new LayerExtractor(ExtractOptions.apply())
        .extract(new ByteArrayInputStream(blob.toByteArray()), out);
    assertThat(Posix.lstat(out.resolve("old")).mtime()).isEqualTo(new Timespec(100, 0));
  }

  @Test
  void exclusionsKeepProvidedFilesOutOfTheLayer() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("root/etc"));
    Files.writeString(dir.resolve("hosts"), "127.0.0.1 x");
    Files.writeString(dir.resolve("resolv.conf"), "nameserver 1.1.1.1");
    Files.writeString(dir.resolve("motd"), "hi");
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    new LayerWriter(LayerOptions.defaults().withExclusions(PathExclusions.RUNTIME_PROVIDED))
        .writeTree(tmp.resolve("root"), blob);
    Path out = tmp.resolve("out");
    new LayerExtractor(ExtractOptions.apply())
        .extract(new ByteArrayInputStream(blob.toByteArray()), out);
    assertThat(out.resolve("etc/motd")).exists();
    assertThat(out.resolve("etc/hosts")).doesNotExist();
    assertThat(out.resolve("etc/resolv.conf")).doesNotExist();
  }

  @Test
  void extractionIntoExistingEmptyDirectoryReplacesIt() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("existing"));
    new LayerExtractor(ExtractOptions.apply()).extract(layerOf(tree), out);
    assertThat(TreeView.of(out)).containsExactlyInAnyOrderEntriesOf(original);
    try (var list = Files.list(tmp)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("existing");
    }
  }

  static InputStream layerOf(Path dir) throws IOException {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    new LayerWriter(LayerOptions.defaults()).writeTree(dir, blob);
    return new ByteArrayInputStream(blob.toByteArray());
  }

  /** Discards output: the digests say everything. */
  static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
