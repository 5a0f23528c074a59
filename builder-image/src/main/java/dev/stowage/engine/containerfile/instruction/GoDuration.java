package dev.stowage.engine.containerfile.instruction;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} format ({@code 1m30s}, {@code 500ms}), as HEALTHCHECK uses. */
final class GoDuration {

  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    boolean negative = text.startsWith("-");
    String body = negative || text.startsWith("+") ? text.substring(1) : text;
    Matcher m = PART.matcher(body);
    int pos = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < body.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("not a duration like 30s, 1m30s or 500ms: " + text);
      }
      BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
      pos = m.end();
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException("not a duration like 30s, 1m30s or 500ms: " + text);
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("duration out of range: " + text);
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }
}
