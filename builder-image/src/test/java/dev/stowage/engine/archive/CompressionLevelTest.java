package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionLevelTest {

  @Test
  void levelsOutsideEachCompressionsRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> Compression.GZIP.checkLevel(10)).hasMessageContaining("0 to 9");
    assertThatThrownBy(() -> Compression.GZIP.checkLevel(-1)).hasMessageContaining("0 to 9");
    assertThatThrownBy(() -> Compression.ZSTD.checkLevel(0)).hasMessageContaining("1 to 19");
    assertThatThrownBy(() -> Compression.NONE.checkLevel(1))
        .hasMessageContaining("--compression gzip or zstd");
    Compression.GZIP.checkLevel(0);
    Compression.GZIP.checkLevel(9);
    Compression.ZSTD.checkLevel(19);
  }

  @Test
  void higherGzipLevelWritesSmallerOutputOfTheSameContent() throws IOException {
    byte[] data = ParallelGzipOutputStreamTest.compressible(3 * ParallelGzipOutputStream.CHUNK);

    byte[] fast = gzip(data, OptionalInt.empty());
    byte[] best = gzip(data, OptionalInt.of(9));
    byte[] stored = gzip(data, OptionalInt.of(0));

    assertThat(best.length).isLessThan(fast.length);
    assertThat(stored.length).isGreaterThan(data.length);
    for (byte[] blob : new byte[][] {fast, best, stored}) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void layerOptionsRefuseALevelTheirCompressionLacks() {
    assertThatThrownBy(
            () ->
                LayerOptions.defaults()
                    .withCompression(Compression.ZSTD)
                    .withLevel(OptionalInt.of(25)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] gzip(byte[] data, OptionalInt level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = Compression.GZIP.compress(out, 2, level)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
