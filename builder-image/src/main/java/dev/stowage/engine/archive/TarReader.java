package dev.stowage.engine.archive;

import dev.stowage.engine.fs.Timespec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads ustar, PAX ({@code x} and {@code g} headers, {@code SCHILY.xattr.*} and {@code
 * LIBARCHIVE.xattr.*}, sub-second times) and GNU ({@code L}/{@code K} long names, base-256 numbers)
 * tar streams. Values are kept as raw bytes, so binary xattrs such as {@code security.capability}
 * survive. Sparse entries are refused.
 */
public final class TarReader {

  private static final int BLOCK = TarWriter.BLOCK;

  private final InputStream in;
  private final Map<String, byte[]> global = new HashMap<>();
  private long remaining;
  private long padding;
  private long offset;
  private boolean ended;

  public TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive. Unread content is skipped. */
  public TarEntry next() throws IOException {
    if (ended) {
      return null;
    }
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, byte[]> pax = new HashMap<>(global);
    byte[] gnuLongName = null;
    byte[] gnuLongLink = null;
    while (true) {
      long headerOffset = offset;
      byte[] h = readBlock();
      if (h == null) {
        ended = true;
        return null;
      }
      if (isZero(h)) {
        ended = true;
        return null;
      }
      verifyChecksum(h, headerOffset);
      byte type = h[156];
      long size = number(h, 124, 12, headerOffset);
      switch (type) {
        case 'x', 'X' -> parsePax(readData(size), pax, headerOffset);
        case 'g' -> {
          parsePax(readData(size), global, headerOffset);
          pax.putAll(global);
        }
        case 'L' -> gnuLongName = trimNul(readData(size));
        case 'K' -> gnuLongLink = trimNul(readData(size));
        default -> {
          return entry(h, type, size, pax, gnuLongName, gnuLongLink, headerOffset);
        }
      }
    }
  }

  /** The content of the current entry; reading past it returns end of stream. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new ArchiveFormatException("tar stream truncated inside an entry");
        }
        remaining -= n;
        offset += n;
        return n;
      }
    };
  }

  private TarEntry entry(
      byte[] h,
      byte type,
      long headerSize,
      Map<String, byte[]> pax,
      byte[] longName,
      byte[] longLink,
      long at)
      throws IOException {
    boolean posix = h[257] == 'u' && h[262] == 0;
    String name;
    if (pax.containsKey("path")) {
      name = utf8(pax.get("path"));
    } else if (longName != null) {
      name = utf8(longName);
    } else {
      name = field(h, 0, 100);
      String prefix = posix ? field(h, 345, 155) : "";
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    String link;
    if (pax.containsKey("linkpath")) {
      link = utf8(pax.get("linkpath"));
    } else if (longLink != null) {
      link = utf8(longLink);
    } else {
      link = field(h, 157, 100);
    }
    for (String key : pax.keySet()) {
      if (key.startsWith("GNU.sparse.")) {
        throw new ArchiveFormatException("sparse tar entry '" + name + "' is not supported");
      }
    }
    long size = pax.containsKey("size") ? paxLong(pax, "size", at) : headerSize;
    long uid = pax.containsKey("uid") ? paxLong(pax, "uid", at) : number(h, 108, 8, at);
    long gid = pax.containsKey("gid") ? paxLong(pax, "gid", at) : number(h, 116, 8, at);
    Timespec mtime =
        pax.containsKey("mtime")
            ? paxTime(utf8(pax.get("mtime")), at)
            : new Timespec(number(h, 136, 12, at), 0);
    int mode = (int) number(h, 100, 8, at) & 07777;
    TarEntryType entryType =
        switch (type) {
          case '0', 0, '7' -> name.endsWith("/") ? TarEntryType.DIRECTORY : TarEntryType.REGULAR;
          case '1' -> TarEntryType.HARDLINK;
          case '2' -> TarEntryType.SYMLINK;
          case '3' -> TarEntryType.CHAR_DEVICE;
          case '4' -> TarEntryType.BLOCK_DEVICE;
          case '5' -> TarEntryType.DIRECTORY;
          case '6' -> TarEntryType.FIFO;
          case 'S' ->
              throw new ArchiveFormatException("GNU sparse entry '" + name + "' is not supported");
          default ->
              throw new ArchiveFormatException(
                  "unsupported tar entry type '" + (char) type + "' for '" + name + "' at " + at);
        };
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    for (var e : pax.entrySet()) {
      if (e.getKey().startsWith("LIBARCHIVE.xattr.")) {
        String encoded = e.getKey().substring("LIBARCHIVE.xattr.".length());
        String xname = java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        xattrs.put(xname, Base64.getDecoder().decode(trimBase64(e.getValue())));
      }
    }
    for (var e : pax.entrySet()) {
      if (e.getKey().startsWith("SCHILY.xattr.")) {
        xattrs.put(e.getKey().substring("SCHILY.xattr.".length()), e.getValue());
      }
    }
    long dataSize = entryType == TarEntryType.REGULAR ? size : 0;
    // hard links and others may declare a size; the data blocks still follow and must be skipped
    remaining = dataSize;
    long skipOnly = entryType == TarEntryType.REGULAR ? 0 : size;
    padding = skipOnly + pad(size);
    int major =
        entryType == TarEntryType.CHAR_DEVICE || entryType == TarEntryType.BLOCK_DEVICE
            ? (int) number(h, 329, 8, at)
            : 0;
    int minor =
        entryType == TarEntryType.CHAR_DEVICE || entryType == TarEntryType.BLOCK_DEVICE
            ? (int) number(h, 337, 8, at)
            : 0;
    return new TarEntry(
        name, entryType, mode, uid, gid, dataSize, mtime, link, major, minor, xattrs);
  }

  private static byte[] trimBase64(byte[] v) {
    String s = new String(v, StandardCharsets.US_ASCII).trim();
    int pad = (4 - s.length() % 4) % 4;
    return (s + "=".repeat(pad == 3 ? 0 : pad)).getBytes(StandardCharsets.US_ASCII);
  }

  private static long pad(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private byte[] readData(long size) throws IOException {
    if (size > 16 << 20) {
      throw new ArchiveFormatException("extended header of " + size + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length != size) {
      throw new ArchiveFormatException("tar stream truncated in an extended header");
    }
    offset += size;
    skip(pad(size));
    return data;
  }

  private void parsePax(byte[] data, Map<String, byte[]> into, long at) throws IOException {
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        if (isZeroFrom(data, pos)) {
          return;
        }
        throw new ArchiveFormatException("bad PAX record length in header at " + at);
      }
      int end = pos + len;
      if (len <= 0 || end > data.length || data[end - 1] != '\n') {
        throw new ArchiveFormatException("bad PAX record in header at " + at);
      }
      int eq = space + 1;
      while (eq < end && data[eq] != '=') {
        eq++;
      }
      if (eq >= end) {
        throw new ArchiveFormatException("PAX record without '=' in header at " + at);
      }
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(data, eq + 1, end - 1);
      if (value.length == 0 && !key.startsWith("SCHILY.xattr.")) {
        into.remove(key);
      } else {
        into.put(key, value);
      }
      pos = end;
    }
  }

  private static boolean isZeroFrom(byte[] data, int pos) {
    for (int i = pos; i < data.length; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static long paxLong(Map<String, byte[]> pax, String key, long at) throws IOException {
    try {
      return Long.parseLong(utf8(pax.get(key)).trim());
    } catch (NumberFormatException e) {
      throw new ArchiveFormatException("bad PAX " + key + " in header at " + at);
    }
  }

  private static Timespec paxTime(String text, long at) throws IOException {
    try {
      BigDecimal d = new BigDecimal(text.trim());
      BigDecimal nanos = d.movePointRight(9).setScale(0, java.math.RoundingMode.FLOOR);
      return Timespec.ofNanos(nanos.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ArchiveFormatException("bad PAX mtime '" + text + "' in header at " + at);
    }
  }

  private byte[] readBlock() throws IOException {
    byte[] b = in.readNBytes(BLOCK);
    if (b.length == 0) {
      return null;
    }
    if (b.length < BLOCK) {
      throw new ArchiveFormatException("tar stream truncated in a header at " + offset);
    }
    offset += BLOCK;
    return b;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new ArchiveFormatException("tar stream truncated at " + offset);
        }
        s = 1;
      }
      left -= s;
      offset += s;
    }
  }

  private static void verifyChecksum(byte[] h, long at) throws IOException {
    long stored = number(h, 148, 8, at);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : h[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw new ArchiveFormatException("tar header checksum mismatch at offset " + at);
    }
  }

  static long number(byte[] h, int off, int len, long at) throws IOException {
    if ((h[off] & 0x80) != 0) {
      long v = h[off] & 0x7f;
      for (int i = off + 1; i < off + len; i++) {
        if ((v >>> 55) != 0) {
          throw new ArchiveFormatException("base-256 number too large in header at " + at);
        }
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
      if (h[i] < '0' || h[i] > '7') {
        throw new ArchiveFormatException("bad octal number in tar header at " + at);
      }
      v = (v << 3) | (h[i] - '0');
    }
    return v;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static byte[] trimNul(byte[] b) {
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(b, end);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
