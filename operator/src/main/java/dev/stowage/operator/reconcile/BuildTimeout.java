package dev.stowage.operator.reconcile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code spec.timeout} ({@code 1h30m}, {@code 45m}, {@code 90s}) into a duration. */
final class BuildTimeout {

  private static final Pattern FORMAT = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private BuildTimeout() {}

  /** The duration of {@code text}; fails naming the field when it is not of the CRD's form. */
  static Duration parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text.strip());
    if (m == null || text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException(
          "timeout '" + text + "' is not of the form 1h30m, 45m or 90s");
    }
    return Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }
}
