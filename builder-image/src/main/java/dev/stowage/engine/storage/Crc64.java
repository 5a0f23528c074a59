package dev.stowage.engine.storage;

/** CRC-64 with the ISO polynomial, as Go's {@code hash/crc64} computes it for tar-split. */
final class Crc64 {

  private static final long ISO_REVERSED = 0xD800000000000000L;
  private static final long[] TABLE = new long[256];

  static {
    for (int i = 0; i < 256; i++) {
      long crc = i;
      for (int j = 0; j < 8; j++) {
        crc = (crc & 1) == 1 ? (crc >>> 1) ^ ISO_REVERSED : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private long crc;

  void update(byte[] bytes, int offset, int length) {
    long c = ~crc;
    for (int i = offset; i < offset + length; i++) {
      c = TABLE[(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
    }
    crc = ~c;
  }

  long value() {
    return crc;
  }

  /** The checksum as Go's {@code Sum(nil)} returns it: 8 bytes, big-endian. */
  byte[] sum() {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (crc >>> (56 - 8 * i));
    }
    return out;
  }
}
