package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.fs.Timespec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TarCodecTest {

  @Test
  void paxRecordLengthCountsItsOwnDigits() {
    // "<len> a=bcdef\n": 9 bytes of body plus two digits of length
    byte[] r = TarWriter.paxRecords(Map.of("a", "bcdef".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("11 a=bcdef\n");
    byte[] nine = TarWriter.paxRecords(Map.of("a", "bcd".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(nine, StandardCharsets.UTF_8)).isEqualTo("8 a=bcd\n");
    byte[] hundred = TarWriter.paxRecords(Map.of("k", new byte[94]));
    // 98 bytes of body: two digits would make 100, which has three, so the record is 101 long
    assertThat(hundred).hasSize(101);
    assertThat(new String(hundred, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("101 ");
  }

  @Test
  void entriesRoundTripThroughWriterAndReader() throws IOException {
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put("security.capability", new byte[] {1, 0, 0, 2, (byte) 0xff, 0x00});
    xattrs.put("user.empty", new byte[0]);
    List<TarEntry> entries =
        List.of(
            TarEntry.directory("d", 01777).withMtime(new Timespec(-5, 250_000_000)),
            TarEntry.file("d/" + "ü".repeat(80), 04755, 3)
                .withOwner(4_000_000_000L, 3)
                .withMtime(new Timespec(1_700_000_000L, 123_456_789))
                .withXattrs(xattrs),
            TarEntry.symlink("d/l", "/" + "t".repeat(150)),
            TarEntry.hardlink("d/h", "d/" + "ü".repeat(80)),
            new TarEntry(
                "dev/c",
                TarEntryType.CHAR_DEVICE,
                0600,
                0,
                0,
                0,
                Timespec.EPOCH,
                "",
                4095,
                1048575,
                null),
            new TarEntry(
                "p",
                TarEntryType.FIFO,
                0644,
                0,
                0,
                0,
                new Timespec(8_589_934_592L, 0),
                "",
                0,
                0,
                null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(out)) {
      for (TarEntry e : entries) {
        w.putEntry(e);
        if (e.size() > 0) {
          w.write(new byte[] {'a', 'b', 'c'}, 0, 3);
        }
      }
    }
    assertThat(out.size() % 512).isZero();
    TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()));
    List<TarEntry> read = new ArrayList<>();
    for (TarEntry e = r.next(); e != null; e = r.next()) {
      if (e.size() > 0) {
        assertThat(r.content().readAllBytes()).containsExactly('a', 'b', 'c');
      }
      read.add(e);
    }
    assertThat(read).hasSize(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      TarEntry want = entries.get(i);
      TarEntry got = read.get(i);
      String name = want.type() == TarEntryType.DIRECTORY ? want.name() + "/" : want.name();
      assertThat(got.name()).isEqualTo(name);
      assertThat(got.type()).isEqualTo(want.type());
      assertThat(got.mode()).isEqualTo(want.mode());
      assertThat(got.uid()).isEqualTo(want.uid());
      assertThat(got.mtime()).isEqualTo(want.mtime());
      assertThat(got.linkName()).isEqualTo(want.linkName());
      assertThat(got.devMajor()).isEqualTo(want.devMajor());
      assertThat(got.devMinor()).isEqualTo(want.devMinor());
      assertThat(got.xattrs().keySet()).isEqualTo(want.xattrs().keySet());
      for (var x : want.xattrs().entrySet()) {
        assertThat(got.xattrs().get(x.getKey())).isEqualTo(x.getValue());
      }
    }
  }

  @Test
  void headerWithBadChecksumIsRejected() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(out)) {
      w.putEntry(TarEntry.directory("d", 0755));
    }
    byte[] b = out.toByteArray();
    b[10] ^= 1;
    assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(b)).next())
        .isInstanceOf(ArchiveFormatException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void base256NumbersAreRead() throws IOException {
    byte[] h = new byte[12];
    h[0] = (byte) 0x80;
    h[11] = 5;
    h[10] = 1;
    assertThat(TarReader.number(h, 0, 12, 0)).isEqualTo(261);
  }

  @Test
  void sparseAndUnknownEntriesAreRefusedClearly() throws IOException {
    for (char type : new char[] {'S', 'V'}) {
      byte[] tar = rawHeader("x", type);
      assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
          .isInstanceOf(ArchiveFormatException.class)
          .hasMessageContaining("'x'");
    }
  }

  @Test
  void globalPaxHeaderAppliesToFollowingEntries() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] records =
        TarWriter.paxRecords(Map.of("uid", "4242".getBytes(StandardCharsets.US_ASCII)));
    out.write(rawHeader("global", 'g', records.length));
    out.write(records);
    out.write(new byte[512 - records.length]);
    try (TarWriter w = new TarWriter(out)) {
      w.putEntry(TarEntry.directory("a", 0755));
      w.putEntry(TarEntry.directory("b", 0755));
    }
    TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()));
    assertThat(r.next().uid()).isEqualTo(4242);
    assertThat(r.next().uid()).isEqualTo(4242);
    assertThat(r.next()).isNull();
  }

  @Test
  void truncatedStreamIsReported() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(out)) {
      w.putEntry(TarEntry.file("f", 0644, 1000));
      w.write(new byte[1000], 0, 1000);
    }
    byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), 700);
    TarReader r = new TarReader(new ByteArrayInputStream(cut));
    r.next();
    assertThatThrownBy(() -> r.content().readAllBytes()).hasMessageContaining("truncated");
  }

  private static byte[] rawHeader(String name, char type) {
    return rawHeader(name, type, 0);
  }

  private static byte[] rawHeader(String name, char type, int size) {
    byte[] h = new byte[512];
    System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, h, 0, name.length());
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
