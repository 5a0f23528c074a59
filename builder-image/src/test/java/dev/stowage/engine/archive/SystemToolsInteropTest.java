package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our layers against GNU tar, gzip, zstd, sha256sum and commons-compress. */
class SystemToolsInteropTest {

  @TempDir static Path dir;
  static Path tree;
  static Path gz;
  static LayerBlob gzBlob;

  @BeforeAll
  static void write() throws IOException {
    tree = SampleTree.create(dir.resolve("tree"));
    gz = dir.resolve("layer.tar.gz");
    try (OutputStream out = Files.newOutputStream(gz)) {
      gzBlob = new LayerWriter(LayerOptions.defaults()).writeTree(tree, out);
    }
  }

  @Test
  void gzipLayerPassesGzipTestAndJavaGzipReader() throws Exception {
    Shell.ok(dir, "gzip", "-t", gz.toString());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertThat(in.readAllBytes()).hasSize((int) gzBlob.uncompressedSize());
    }
  }

  @Test
  void diffIdAndDigestMatchSha256sum() throws Exception {
    String uncompressed = Shell.ok(dir, "sh", "-c", "gzip -dc layer.tar.gz | sha256sum");
    assertThat(uncompressed).startsWith(gzBlob.diffId().hex());
    assertThat(Shell.ok(dir, "sha256sum", gz.toString())).startsWith(gzBlob.digest().hex());
    assertThat(Files.size(gz)).isEqualTo(gzBlob.size());
  }

  @Test
  void gnuTarListsEveryEntryWithOwnersModesAndLinks() throws Exception {
    String listing =
        Shell.ok(
            dir,
            "tar",
            "--xattrs",
            "--xattrs-include=*",
            "--numeric-owner",
            "-tvzf",
            gz.toString());
    assertThat(line(listing, "usr/bin/tool")).startsWith("-rwsr-xr-x ").contains(" 0/0 ");
    assertThat(line(listing, "usr/bin/tool-hardlink link to usr/bin/tool")).startsWith("h");
    assertThat(line(listing, "usr/bin/group-tool")).startsWith("-rwx--s--x ");
    assertThat(line(listing, "usr/bin/ping")).startsWith("-rw-r--r--* ");
    assertThat(line(listing, "tmp/")).startsWith("drwxrwxrwt ");
    assertThat(line(listing, "dev/null")).startsWith("crw-rw-rw- ").contains(" 1,3 ");
    assertThat(line(listing, "dev/sda")).startsWith("brw-rw---- ").contains(" 8,0 ");
    assertThat(line(listing, "dev/fifo")).startsWith("prw--w---- ");
    assertThat(line(listing, "etc/owned")).contains(" 1000/2000 ");
    assertThat(line(listing, "etc/big-owner")).contains(" 3000000000/70000000 ");
    assertThat(line(listing, "abs-link -> /usr/bin/tool")).startsWith("l");
    assertThat(line(listing, SampleTree.LONG_NAME)).startsWith("-rw-r--r-- ");
    assertThat(line(listing, "ünïcödé.txt")).startsWith("-rw-r--r-- ");
  }

  private static String line(String listing, String suffix) {
    return listing
        .lines()
        .filter(l -> l.endsWith(" " + suffix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + suffix + " in\n" + listing));
  }

  @Test
  void gnuTarExtractsTheSameTreeAsOurExtractor() throws Exception {
    Path gnu = Files.createDirectories(dir.resolve("gnu"));
    Shell.ok(
        gnu,
        "tar",
        "--xattrs",
        "--xattrs-include=*",
        "--numeric-owner",
        "--same-owner",
        "-xpzf",
        gz.toString());
    Path ours = dir.resolve("ours");
    try (InputStream in = Files.newInputStream(gz)) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, ours);
    }
    // GNU tar restores directory times only to second precision; compare files exactly
    assertThat(TreeView.of(ours, true)).isEqualTo(TreeView.of(gnu, true));
    assertThat(Xattrs.get(gnu.resolve("usr/bin/ping"), "security.capability"))
        .isEqualTo(SampleTree.CAPABILITY);
  }

  @Test
  void gnuFormatArchiveWithLongNamesAndXattrsIsRead() throws Exception {
    Path gnuTar = dir.resolve("gnu-format.tar");
    Shell.ok(
        tree,
        "tar",
        "--format=gnu",
        "--numeric-owner",
        "-cf",
        gnuTar.toString(),
        "very",
        "usr",
        "long-link");
    Path out = dir.resolve("from-gnu");
    try (InputStream in = Files.newInputStream(gnuTar)) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, out);
    }
    assertThat(Files.readString(out.resolve(SampleTree.LONG_NAME))).isEqualTo("long name");
    assertThat(Posix.readlink(out.resolve("long-link"))).isEqualTo("t/" + "y".repeat(200));
    assertThat(Posix.lstat(out.resolve("usr/bin/tool")).permissions()).isEqualTo(04755);

    Path paxTar = dir.resolve("gnu-pax.tar");
    Shell.ok(
        tree,
        "tar",
        "--format=posix",
        "--xattrs",
        "--xattrs-include=*",
        "-cf",
        paxTar.toString(),
        "usr");
    Path out2 = dir.resolve("from-gnu-pax");
    try (InputStream in = Files.newInputStream(paxTar)) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, out2);
    }
    assertThat(Xattrs.get(out2.resolve("usr/bin/ping"), "security.capability"))
        .isEqualTo(SampleTree.CAPABILITY);
  }

  @Test
  void zstdLayerPassesZstdTest() throws Exception {
    Path zst = dir.resolve("layer.tar.zst");
    LayerBlob blob;
    try (OutputStream out = Files.newOutputStream(zst)) {
      blob =
          new LayerWriter(LayerOptions.defaults().withCompression(Compression.ZSTD))
              .writeTree(tree, out);
    }
    assertThat(blob.diffId()).isEqualTo(gzBlob.diffId());
    if (Shell.has("zstd")) {
      Shell.ok(dir, "zstd", "-t", zst.toString());
      assertThat(Shell.ok(dir, "sh", "-c", "zstd -dc layer.tar.zst | sha256sum"))
          .startsWith(blob.diffId().hex());
    }
  }

  @Test
  void commonsCompressReadsOurPaxHeaders() throws Exception {
    List<String> names = new ArrayList<>();
    try (var in =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(gz)), "UTF-8")) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
        if (e.getName().equals("etc/big-owner")) {
          assertThat(e.getLongUserId()).isEqualTo(3_000_000_000L);
        }
        if (e.getName().equals("etc/owned")) {
          assertThat(e.getExtraPaxHeader("SCHILY.xattr.user.comment")).isEqualTo("hello");
        }
      }
    }
    assertThat(names).contains(SampleTree.LONG_NAME, "ünïcödé.txt", "usr/", "usr/bin/");
    assertThat(names.indexOf("usr/")).isLessThan(names.indexOf("usr/bin/"));
  }
}
