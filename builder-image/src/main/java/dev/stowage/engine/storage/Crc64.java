package dev.stowage.engine.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64 with the ISO polynomial, as Go's {@code hash/crc64} computes it for tar-split. Eight bytes
 * per step through eight tables (slicing-by-8): every byte of every layer goes through it when a
 * layer is described, so it must not be the slow part of a commit.
 */
final class Crc64 {

  private static final long ISO_REVERSED = 0xD800000000000000L;
  private static final long[][] TABLES = new long[8][256];
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    for (int i = 0; i < 256; i++) {
      long crc = i;
      for (int j = 0; j < 8; j++) {
        crc = (crc & 1) == 1 ? (crc >>> 1) ^ ISO_REVERSED : crc >>> 1;
      }
      TABLES[0][i] = crc;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        long prev = TABLES[k - 1][i];
        TABLES[k][i] = (prev >>> 8) ^ TABLES[0][(int) (prev & 0xff)];
      }
    }
  }

  private long crc;

  void update(byte[] bytes, int offset, int length) {
    long[] t0 = TABLES[0];
    long[] t1 = TABLES[1];
    long[] t2 = TABLES[2];
    long[] t3 = TABLES[3];
    long[] t4 = TABLES[4];
    long[] t5 = TABLES[5];
    long[] t6 = TABLES[6];
    long[] t7 = TABLES[7];
    long c = ~crc;
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      long v = c ^ (long) LITTLE_ENDIAN_LONG.get(bytes, i);
      c =
          t7[(int) (v & 0xff)]
              ^ t6[(int) ((v >>> 8) & 0xff)]
              ^ t5[(int) ((v >>> 16) & 0xff)]
              ^ t4[(int) ((v >>> 24) & 0xff)]
              ^ t3[(int) ((v >>> 32) & 0xff)]
              ^ t2[(int) ((v >>> 40) & 0xff)]
              ^ t1[(int) ((v >>> 48) & 0xff)]
              ^ t0[(int) (v >>> 56)];
    }
    for (; i < end; i++) {
      c = t0[(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
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
