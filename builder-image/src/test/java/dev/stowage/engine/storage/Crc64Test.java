package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

  /** Go's crc64.Checksum([]byte("123456789"), crc64.MakeTable(crc64.ISO)). */
  @Test
  void checkValueOfTheIsoPolynomialMatchesGo() {
    Crc64 crc = new Crc64();
    crc.update("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9);

    assertThat(crc.value()).isEqualTo(0xB90956C775A41001L);
  }

  @Test
  void eightBytesAtATimeEqualsOneByteAtATimeForAnySplit() {
    Random random = new Random(42);
    byte[] data = new byte[10_007];
    random.nextBytes(data);
    Crc64 whole = new Crc64();
    whole.update(data, 0, data.length);
    for (int run = 0; run < 50; run++) {
      Crc64 pieces = new Crc64();
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, random.nextInt(40));
        pieces.update(data, at, n);
        at += n;
      }
      assertThat(pieces.value()).isEqualTo(whole.value());
    }
    Crc64 bytewise = new Crc64();
    for (int i = 0; i < data.length; i++) {
      bytewise.update(data, i, 1);
    }
    assertThat(bytewise.value()).isEqualTo(whole.value());
  }
}
