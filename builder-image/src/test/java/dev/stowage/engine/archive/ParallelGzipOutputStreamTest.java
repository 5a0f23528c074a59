package dev.stowage.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {

  @ParameterizedTest
  @ValueSource(
      ints = {
        0,
        1,
        32 * 1024,
        ParallelGzipOutputStream.CHUNK - 1,
        ParallelGzipOutputStream.CHUNK,
        ParallelGzipOutputStream.CHUNK + 1,
        5 * ParallelGzipOutputStream.CHUNK + 12345
      })
  void outputIsOneStandardGzipMemberForAnySize(int size) throws IOException {
    byte[] data = compressible(size);
    byte[] parallel = gzip(data, 3);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(parallel))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(gzip(data, 1)).isEqualTo(parallel);
  }

  @ParameterizedTest
  @ValueSource(ints = {8 * ParallelGzipOutputStream.CHUNK})
  void compressesAboutAsWellAsSingleThreadedGzipAtTheSameLevel(int size) throws IOException {
    byte[] data = compressible(size);
    ByteArrayOutputStream classic = new ByteArrayOutputStream();
    try (GZIPOutputStream out =
        new GZIPOutputStream(classic) {
          {
            def.setLevel(ParallelGzipOutputStream.DEFAULT_LEVEL);
          }
        }) {
      out.write(data);
    }
    // dictionaries carried across chunks keep the ratio within a few percent
    assertThat((double) gzip(data, 2).length).isLessThan(classic.size() * 1.05);
  }

  @org.junit.jupiter.api.Test
  void incompressibleChunksAreStoredAndStillRoundTripIdenticallyForAnyThreadCount()
      throws IOException {
    byte[] data = new byte[3 * ParallelGzipOutputStream.CHUNK + 777];
    new Random(7).nextBytes(data);
    // random data followed by text: each chunk is judged on its own
    System.arraycopy(
        compressible(ParallelGzipOutputStream.CHUNK),
        0,
        data,
        2 * ParallelGzipOutputStream.CHUNK,
        ParallelGzipOutputStream.CHUNK);

    byte[] parallel = gzip(data, 2);

    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(parallel))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(gzip(data, 1)).isEqualTo(parallel);
    assertThat(
            ParallelGzipOutputStream.levelFor(
                data, ParallelGzipOutputStream.CHUNK, ParallelGzipOutputStream.DEFAULT_LEVEL))
        .isEqualTo(java.util.zip.Deflater.NO_COMPRESSION);
    byte[] text = compressible(ParallelGzipOutputStream.CHUNK);
    assertThat(
            ParallelGzipOutputStream.levelFor(
                text, text.length, ParallelGzipOutputStream.DEFAULT_LEVEL))
        .isEqualTo(ParallelGzipOutputStream.DEFAULT_LEVEL);
    // stored blocks cost a few bytes per 64 KiB; the text chunk is still compressed
    assertThat(parallel.length).isLessThan(data.length - ParallelGzipOutputStream.CHUNK / 2);
  }

  static byte[] gzip(byte[] data, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, threads)) {
      int off = 0;
      Random r = new Random(1);
      while (off < data.length) {
        int n = Math.min(data.length - off, 1 + r.nextInt(200_000));
        gz.write(data, off, n);
        off += n;
      }
    }
    return out.toByteArray();
  }

  static byte[] compressible(int size) {
    byte[] data = new byte[size];
    Random r = new Random(size);
    String[] words = {"layer ", "tar ", "stowage ", "overlay ", "digest ", "\n", "0123 "};
    int i = 0;
    while (i < size) {
      byte[] w = words[r.nextInt(words.length)].getBytes();
      for (int j = 0; j < w.length && i < size; j++) {
        data[i++] = w[j];
      }
    }
    return data;
  }
}
