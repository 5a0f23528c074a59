package dev.stowage.engine.archive;

/** The kinds of tar entries a layer may hold, with their ustar type flags. */
public enum TarEntryType {
  REGULAR('0'),
  HARDLINK('1'),
  SYMLINK('2'),
  CHAR_DEVICE('3'),
  BLOCK_DEVICE('4'),
  DIRECTORY('5'),
  FIFO('6');

  private final char flag;

  TarEntryType(char flag) {
    this.flag = flag;
  }

  /** The ustar {@code typeflag} byte. */
  public byte flag() {
    return (byte) flag;
  }
}
