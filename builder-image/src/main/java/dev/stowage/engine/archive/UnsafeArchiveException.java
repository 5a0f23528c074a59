package dev.stowage.engine.archive;

/**
 * A layer entry that would write outside the destination or through a link it planted; the
 * extraction is abandoned and leaves nothing behind.
 */
public final class UnsafeArchiveException extends ArchiveFormatException {

  private final String entry;
  private final String reason;

  public UnsafeArchiveException(String entry, String reason) {
    super(
        "refusing layer entry '"
            + entry.replace("\0", "\\0")
            + "': "
            + reason
            + " (the layer may be hostile; nothing was extracted)");
    this.entry = entry;
    this.reason = reason;
  }

  /** The entry name as written in the archive. */
  public String entry() {
    return entry;
  }

  /** Why it was refused. */
  public String reason() {
    return reason;
  }
}
