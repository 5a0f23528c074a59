package dev.stowage.engine.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Produces the tar-split description of a tar stream while the stream is written through it.
 *
 * <p>tar-split (the format containers/storage keeps in {@code overlay-layers/<id>.tar-split.gz},
 * gzipped) lets a store rebuild a layer's exact tar from its {@code diff/} directory. It is one
 * JSON object per line, numbered by {@code position} from 0:
 *
 * <ul>
 *   <li>{@code {"type":2,"payload":"<base64>","position":n}} — a segment: raw bytes of the stream
 *       that are not file content, verbatim: the padding of the previous entry, every header block
 *       including PAX and GNU long-name headers and their data, and at the end the two zero blocks,
 *       then whatever follows them, then an empty segment;
 *   <li>{@code {"type":1,"name":"<path>","size":n,"payload":"<base64>","position":n}} — a file
 *       entry for each logical tar entry, after its header segment: the entry's name as the tar
 *       reader resolves it (PAX {@code path}, GNU long name, ustar prefix), or {@code name_raw}
 *       (base64) when the name is not UTF-8; the {@code size} from the header (omitted when 0); and
 *       as payload the CRC-64/ISO of the content, 8 bytes big-endian, or {@code null} when the size
 *       is 0. The content itself is not stored: it is read back from {@code diff/}.
 * </ul>
 *
 * Field order and omission follow Go's JSON encoder, so the output matches podman's byte for byte
 * for the same tar. Sparse files ({@code 'S'}) are described by their stored size.
 */
public final class TarSplitWriter extends OutputStream {

  private static final int BLOCK = 512;

  private enum State {
    HEADER,
    EXTENSION,
    CONTENT,
    PADDING,
    SECOND_ZERO,
    TRAILER
  }

  private final OutputStream out;
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
  private final byte[] block = new byte[BLOCK];
  private int blockFill;
  private State state = State.HEADER;
  private int position;
  private boolean closed;

  private long remaining;
  private long padding;
  private char extensionType;
  private ByteArrayOutputStream extension;
  private byte[] longName;
  private Map<String, String> pax = new HashMap<>();
  private byte[] entryName;
  private long entrySize;
  private Crc64 crc;

  /** Writes tar-split JSON lines to {@code out} (uncompressed) as tar bytes come in. */
  public TarSplitWriter(OutputStream out) {
    this.out = out;
  }

  /** Describes a whole tar stream; returns the JSON lines. */
  public static byte[] describe(InputStream tar) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    try (TarSplitWriter writer = new TarSplitWriter(lines)) {
      tar.transferTo(writer);
    }
    return lines.toByteArray();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("tar-split writer is closed");
    }
    int i = offset;
    int end = offset + length;
    while (i < end) {
      switch (state) {
        case HEADER, SECOND_ZERO -> {
          int n = Math.min(BLOCK - blockFill, end - i);
          System.arraycopy(bytes, i, block, blockFill, n);
          raw.write(bytes, i, n);
          blockFill += n;
          i += n;
          if (blockFill == BLOCK) {
            blockFill = 0;
            onBlock();
          }
        }
        case EXTENSION -> {
          int n = (int) Math.min(remaining, end - i);
          extension.write(bytes, i, n);
          raw.write(bytes, i, n);
          remaining -= n;
          i += n;
          if (remaining == 0) {
            onExtensionData();
          }
        }
        case CONTENT -> {
          int n = (int) Math.min(remaining, end - i);
          crc.update(bytes, i, n);
          remaining -= n;
          i += n;
          if (remaining == 0) {
            finishEntry();
          }
        }
        case PADDING -> {
          int n = (int) Math.min(padding, end - i);
          raw.write(bytes, i, n);
          padding -= n;
          i += n;
          if (padding == 0) {
            state = State.HEADER;
          }
        }
        case TRAILER -> {
          raw.write(bytes, i, end - i);
          i = end;
        }
      }
    }
  }

  /** Ends the description: the end-of-archive segments follow. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    switch (state) {
      case HEADER -> {
        if (blockFill != 0) {
          throw new IOException("tar stream ends inside a header block");
        }
        // a stream without end blocks: what was read so far closes the archive
        segment(takeRaw());
      }
      case TRAILER -> {}
      case SECOND_ZERO -> segment(takeRaw());
      default -> throw new IOException("tar stream ends inside an entry (state " + state + ")");
    }
    byte[] rest = takeRaw();
    if (rest.length > 0) {
      segment(rest);
    }
    segment(new byte[0]);
    out.flush();
  }

  private void onBlock() throws IOException {
    if (state == State.SECOND_ZERO) {
      if (!isZero(block)) {
        throw new IOException("invalid tar stream: a zero block followed by a header");
      }
      segment(takeRaw());
      state = State.TRAILER;
      return;
    }
    if (isZero(block)) {
      state = State.SECOND_ZERO;
      return;
    }
    verifyChecksum();
    char type = (char) (block[156] & 0xff);
    long size = parseNumber(block, 124, 12);
    switch (type) {
      case 'x', 'g', 'L', 'K' -> {
        extensionType = type;
        extension = new ByteArrayOutputStream();
        remaining = size;
        padding = pad(size);
        if (size == 0) {
          onExtensionData();
        } else {
          state = State.EXTENSION;
        }
      }
      default -> startEntry(type, size);
    }
  }

  private void onExtensionData() throws IOException {
    byte[] data = extension.toByteArray();
    extension = null;
    // the padding after the extension data is part of the raw bytes before the next header
    state = padding > 0 ? State.PADDING : State.HEADER;
    switch (extensionType) {
      case 'L' -> longName = untilNul(data, 0, data.length);
      case 'x' -> pax.putAll(parsePax(data));
      case 'g' -> {
        // Go's tar reader returns a global header as an entry of its own, without content
        segment(takeRaw());
        fileEntry(headerName(), 0, null);
      }
      default -> {
        // 'K' (GNU long link name) changes nothing tar-split records
      }
    }
  }

  private void startEntry(char type, long headerSize) throws IOException {
    byte[] name = headerName();
    if (longName != null) {
      name = longName;
    }
    String paxPath = pax.get("path");
    if (paxPath != null) {
      name = paxPath.getBytes(StandardCharsets.ISO_8859_1);
    }
    long size = headerSize;
    String paxSize = pax.get("size");
    if (paxSize != null) {
      try {
        size = Long.parseLong(paxSize.trim());
      } catch (NumberFormatException e) {
        throw new IOException("invalid PAX size " + paxSize, e);
      }
    }
    longName = null;
    pax = new HashMap<>();
    segment(takeRaw());
    entryName = name;
    entrySize = size;
    boolean headerOnly = "123456".indexOf(type) >= 0;
    long content = headerOnly ? 0 : size;
    crc = new Crc64();
    if (content > 0) {
      remaining = content;
      padding = pad(content);
      state = State.CONTENT;
    } else {
      padding = 0;
      finishEntry();
    }
  }

  private void finishEntry() throws IOException {
    fileEntry(entryName, entrySize, entrySize > 0 ? crc.sum() : null);
    state = padding > 0 ? State.PADDING : State.HEADER;
  }

  private byte[] headerName() {
    byte[] name = untilNul(block, 0, 100);
    boolean ustar =
        block[257] == 'u'
            && block[258] == 's'
            && block[259] == 't'
            && block[260] == 'a'
            && block[261] == 'r'
            && block[262] == 0;
    if (ustar) {
      byte[] prefix = untilNul(block, 345, 155);
      if (prefix.length > 0) {
        byte[] joined = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        return joined;
      }
    }
    return name;
  }

  private void verifyChecksum() throws IOException {
    long stored = parseNumber(block, 148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += (byte) b;
    }
    if (stored != unsigned && stored != signed) {
      throw new IOException("invalid tar header (checksum mismatch); is this a tar stream?");
    }
  }

  private static long parseNumber(byte[] b, int offset, int length) throws IOException {
    if ((b[offset] & 0x80) != 0) {
      // GNU base-256: big-endian two's complement with the marker bit cleared
      long value = b[offset] & 0x3f;
      if ((b[offset] & 0x40) != 0) {
        throw new IOException("negative base-256 number in tar header");
      }
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (b[i] & 0xff);
      }
      return value;
    }
    long value = 0;
    boolean digits = false;
    for (int i = offset; i < offset + length; i++) {
      byte c = b[i];
      if (c == 0 || (c == ' ' && digits)) {
        break;
      }
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IOException("invalid octal number in tar header");
      }
      value = (value << 3) | (c - '0');
      digits = true;
    }
    return value;
  }

  private static Map<String, String> parsePax(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      int space = i;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("invalid PAX record length", e);
      }
      if (length <= 0 || i + length > data.length) {
        throw new IOException("invalid PAX record length " + length);
      }
      // ISO-8859-1 keeps every byte: Go treats PAX values as bytes, and names need not be UTF-8
      String record =
          new String(data, space + 1, i + length - space - 2, StandardCharsets.ISO_8859_1);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.put(record.substring(0, eq), record.substring(eq + 1));
      }
      i += length;
    }
    return records;
  }

  private void fileEntry(byte[] name, long size, byte[] payload) throws IOException {
    StringBuilder line = new StringBuilder("{\"type\":1");
    String text = utf8(name);
    if (text == null) {
      line.append(",\"name_raw\":\"").append(Base64.getEncoder().encodeToString(name)).append('"');
    } else if (!text.isEmpty()) {
      line.append(",\"name\":");
      GoJson.quote(text, line);
    }
    if (size != 0) {
      line.append(",\"size\":").append(size);
    }
    line.append(",\"payload\":");
    if (payload == null) {
      line.append("null");
    } else {
      line.append('"').append(Base64.getEncoder().encodeToString(payload)).append('"');
    }
    emit(line);
  }

  private void segment(byte[] payload) throws IOException {
    StringBuilder line = new StringBuilder("{\"type\":2,\"payload\":\"");
    line.append(Base64.getEncoder().encodeToString(payload)).append('"');
    emit(line);
  }

  private void emit(StringBuilder line) throws IOException {
    line.append(",\"position\":").append(position++).append("}\n");
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  private byte[] takeRaw() {
    byte[] bytes = raw.toByteArray();
    raw.reset();
    return bytes;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static byte[] untilNul(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    byte[] out = new byte[end - offset];
    System.arraycopy(b, offset, out, 0, out.length);
    return out;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static long pad(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }
}
