package dev.stowage.engine.storage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps as Go's {@code time.Time} marshals them in JSON (RFC 3339 with trimmed nanos). */
final class GoTime {

  private GoTime() {}

  /**
   * {@code 2006-01-02T15:04:05.999999999Z}: UTC, trailing zeros of the fraction trimmed. Written by
   * hand: {@code String.format} and pattern formatters load the locale data, which a warm build
   * that writes images.json otherwise never needs.
   */
  static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(30);
    int year = t.getYear();
    // beyond four digits a sign, as java.time's "uuuu" writes it (Go refuses such years)
    if (year > 9999) {
      out.append('+');
    } else if (year < 0) {
      out.append('-');
    }
    pad(out, Math.abs(year), 4);
    out.append('-');
    pad(out, t.getMonthValue(), 2);
    out.append('-');
    pad(out, t.getDayOfMonth(), 2);
    out.append('T');
    pad(out, t.getHour(), 2);
    out.append(':');
    pad(out, t.getMinute(), 2);
    out.append(':');
    pad(out, t.getSecond(), 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      out.append('.');
      pad(out, nanos, digits);
    }
    return out.append('Z').toString();
  }

  private static void pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }

  static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new StorageException("not an RFC 3339 timestamp: " + text, e);
    }
  }
}
