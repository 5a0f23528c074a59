package dev.stowage.engine.fs;

import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** A {@code struct timespec}: seconds since the epoch plus nanoseconds. */
public record Timespec(long seconds, int nanos) implements Comparable<Timespec> {

  public static final Timespec EPOCH = new Timespec(0, 0);

  public Timespec {
    if (nanos < 0 || nanos > 999_999_999) {
      throw new IllegalArgumentException("nanoseconds out of range: " + nanos);
    }
  }

  /** From an {@link Instant}. */
  public static Timespec of(Instant instant) {
    return new Timespec(instant.getEpochSecond(), instant.getNano());
  }

  /** From a number of nanoseconds since the epoch. */
  public static Timespec ofNanos(long nanos) {
    return new Timespec(
        Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L));
  }

  /** Nanoseconds since the epoch. */
  public long toNanos() {
    return seconds * 1_000_000_000L + nanos;
  }

  public Instant toInstant() {
    return Instant.ofEpochSecond(seconds, nanos);
  }

  public FileTime toFileTime() {
    return FileTime.from(toInstant());
  }

  /** The earlier of this and {@code limit}: SOURCE_DATE_EPOCH clamping. */
  public Timespec clampTo(Timespec limit) {
    return compareTo(limit) > 0 ? limit : this;
  }

  @Override
  public int compareTo(Timespec o) {
    int c = Long.compare(seconds, o.seconds);
    return c != 0 ? c : Integer.compare(nanos, o.nanos);
  }
}
