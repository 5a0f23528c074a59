package dev.stowage.engine.fs;

/** The type bits of {@code st_mode}. */
public enum FileType {
  REGULAR(0100000),
  DIRECTORY(0040000),
  SYMLINK(0120000),
  CHAR_DEVICE(0020000),
  BLOCK_DEVICE(0060000),
  FIFO(0010000),
  SOCKET(0140000);

  /** Mask of the type bits in {@code st_mode}. */
  public static final int S_IFMT = 0170000;

  private final int bits;

  FileType(int bits) {
    this.bits = bits;
  }

  /** The {@code S_IF*} bits of this type. */
  public int bits() {
    return bits;
  }

  /** The type encoded in {@code mode}. */
  public static FileType ofMode(int mode) {
    int t = mode & S_IFMT;
    for (FileType type : values()) {
      if (type.bits == t) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown file type in mode " + Integer.toOctalString(mode));
  }
}
