package dev.stowage.operator.pod;

import dev.stowage.operator.api.FieldPatterns;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code 1h30m10s} durations of {@code spec.timeout} into seconds. */
public final class BuildTimeout {

  private static final Pattern DURATION = Pattern.compile(FieldPatterns.TIMEOUT);

  private BuildTimeout() {}

  /** Seconds of {@code text}; throws for text that is not a positive duration. */
  public static long seconds(String text) {
    Matcher m = text == null ? null : DURATION.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not a duration such as 1h30m: '" + text + "'");
    }
    long seconds = part(m.group(1)) * 3600 + part(m.group(2)) * 60 + part(m.group(3));
    if (seconds <= 0) {
      throw new IllegalArgumentException("duration must be longer than zero: '" + text + "'");
    }
    return seconds;
  }

  private static long part(String group) {
    if (group == null) {
      return 0;
    }
    String digits = group.substring(0, group.length() - 1);
    // Long enough for any sane timeout; longer inputs saturate rather than overflow.
    return digits.length() > 12 ? 1_000_000_000_000L : Long.parseLong(digits);
  }
}
