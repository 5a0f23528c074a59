package dev.stowage.engine.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a POSIX (PAX) tar stream deterministically: the same entries give the same bytes. Anything
 * a ustar header cannot hold exactly (long or non-ASCII names, big numbers, sub-second times,
 * extended attributes) goes into a PAX extended header whose records are sorted by key. Names are
 * written as given; checking them is the reader's job.
 */
public final class TarWriter implements Closeable {

  static final int BLOCK = 512;
  private static final byte[] ZEROS = new byte[BLOCK * 2];
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;

  private final OutputStream out;
  private long remaining;
  private int pendingPad;
  private long written;
  private boolean finished;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * Writes the header of {@code entry}; a regular file's content must follow with {@link #write}.
   */
  public void putEntry(TarEntry entry) throws IOException {
    if (remaining != 0) {
      throw new IllegalStateException("previous entry is missing " + remaining + " bytes");
    }
    padEntry();
    String name = entry.name();
    if (entry.type() == TarEntryType.DIRECTORY && !name.endsWith("/")) {
      name = name + "/";
    }
    Map<String, byte[]> pax = new TreeMap<>();
    byte[] nameBytes = utf8(name);
    if (nameBytes.length > 100 || !isAscii(nameBytes)) {
      pax.put("path", nameBytes);
    }
    byte[] linkBytes = utf8(entry.linkName());
    if (linkBytes.length > 100 || !isAscii(linkBytes)) {
      pax.put("linkpath", linkBytes);
    }
    if (entry.uid() > MAX_OCTAL_7) {
      pax.put("uid", ascii(Long.toString(entry.uid())));
    }
    if (entry.gid() > MAX_OCTAL_7) {
      pax.put("gid", ascii(Long.toString(entry.gid())));
    }
    if (entry.size() > MAX_OCTAL_11) {
      pax.put("size", ascii(Long.toString(entry.size())));
    }
    long seconds = entry.mtime().seconds();
    if (entry.mtime().nanos() != 0 || seconds < 0 || seconds > MAX_OCTAL_11) {
      pax.put("mtime", ascii(paxTime(seconds, entry.mtime().nanos())));
    }
    for (var x : entry.xattrs().entrySet()) {
      pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
    }
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      writeHeader(
          truncate(utf8("PaxHeaders.0/" + baseName(name)), 100),
          (byte) 'x',
          0644,
          0,
          0,
          records.length,
          0,
          new byte[0],
          0,
          0);
      out.write(records);
      written += records.length;
      remaining = 0;
      padTo512(records.length);
    }
    writeHeader(
        truncate(nameBytes, 100),
        entry.type().flag(),
        entry.mode(),
        Math.min(entry.uid(), MAX_OCTAL_7),
        Math.min(entry.gid(), MAX_OCTAL_7),
        entry.size() > MAX_OCTAL_11 ? 0 : entry.size(),
        Math.clamp(seconds, 0, MAX_OCTAL_11),
        truncate(linkBytes, 100),
        entry.devMajor(),
        entry.devMinor());
    remaining = entry.size();
    pendingPad = (int) (entry.size() % BLOCK);
  }

  /** Writes content of the current regular file. */
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > remaining) {
      throw new IllegalStateException("entry content exceeds its declared size");
    }
    out.write(b, off, len);
    remaining -= len;
    written += len;
  }

  /** Copies exactly the declared size of the current entry from {@code in}. */
  public void writeContent(InputStream in) throws IOException {
    byte[] buf = new byte[(int) Math.min(1 << 20, Math.max(remaining, 1))];
    while (remaining > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        throw new IOException("content ended " + remaining + " bytes early (file changed?)");
      }
      write(buf, 0, n);
    }
  }

  /** Bytes written so far. */
  public long bytesWritten() {
    return written;
  }

  /** Ends the archive with two zero blocks (like Go's archive/tar, no record padding). */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    if (remaining != 0) {
      throw new IllegalStateException("last entry is missing " + remaining + " bytes");
    }
    padEntry();
    out.write(ZEROS);
    written += ZEROS.length;
    finished = true;
    out.flush();
  }

  @Override
  public void close() throws IOException {
    finish();
    out.close();
  }

  private void padEntry() throws IOException {
    if (pendingPad != 0) {
      padTo512(pendingPad);
      pendingPad = 0;
    }
  }

  private void padTo512(long length) throws IOException {
    int pad = (int) ((BLOCK - length % BLOCK) % BLOCK);
    out.write(ZEROS, 0, pad);
    written += pad;
  }

  private void writeHeader(
      byte[] name,
      byte type,
      int mode,
      long uid,
      long gid,
      long size,
      long mtime,
      byte[] link,
      int major,
      int minor)
      throws IOException {
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, name.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = type;
    System.arraycopy(link, 0, h, 157, link.length);
    System.arraycopy(ascii("ustar\0"), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    if (type == TarEntryType.CHAR_DEVICE.flag() || type == TarEntryType.BLOCK_DEVICE.flag()) {
      octal(h, 329, 8, major);
      octal(h, 337, 8, minor);
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    // by hand, not String.format: that costs a Formatter per entry and loads the locale data
    String octal = Long.toOctalString(sum);
    String chk = "0".repeat(Math.max(0, 6 - octal.length())) + octal;
    System.arraycopy(ascii(chk), 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
    written += BLOCK;
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    if (s.length() > len - 1) {
      throw new IllegalArgumentException("value " + value + " does not fit a " + len + " field");
    }
    String padded = "0".repeat(len - 1 - s.length()) + s;
    System.arraycopy(ascii(padded), 0, h, off, len - 1);
    h[off + len - 1] = 0;
  }

  static byte[] paxRecords(Map<String, byte[]> records) {
    var buf = new java.io.ByteArrayOutputStream();
    for (var r : records.entrySet()) {
      byte[] key = utf8(r.getKey());
      int body = key.length + r.getValue().length + 3; // ' ' '=' '\n'
      int len = body + Integer.toString(body).length();
      if (Integer.toString(len).length() != Integer.toString(body).length()) {
        len = body + Integer.toString(len).length();
      }
      buf.writeBytes(ascii(len + " "));
      buf.writeBytes(key);
      buf.write('=');
      buf.writeBytes(r.getValue());
      buf.write('\n');
    }
    return buf.toByteArray();
  }

  private static String paxTime(long seconds, int nanos) {
    if (nanos == 0) {
      return Long.toString(seconds);
    }
    if (seconds < 0) {
      // PAX times are signed decimals: -1.25 means 1.25 s before the epoch
      long total = seconds * 1_000_000_000L + nanos;
      long abs = -total;
      return "-" + (abs / 1_000_000_000L) + fraction((int) (abs % 1_000_000_000L));
    }
    return seconds + fraction(nanos);
  }

  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    String digits = Integer.toString(nanos);
    String f = "0".repeat(9 - digits.length()) + digits;
    int end = f.length();
    while (f.charAt(end - 1) == '0') {
      end--;
    }
    return "." + f.substring(0, end);
  }

  private static String baseName(String name) {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    int slash = n.lastIndexOf('/');
    return slash < 0 ? n : n.substring(slash + 1);
  }

  private static byte[] truncate(byte[] b, int max) {
    return b.length <= max ? b : Arrays.copyOf(b, max);
  }

  private static boolean isAscii(byte[] b) {
    for (byte x : b) {
      if (x < 0x20) {
        return false;
      }
    }
    return true;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
