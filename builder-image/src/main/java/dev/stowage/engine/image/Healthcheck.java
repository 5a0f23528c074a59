package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The HEALTHCHECK of an image config; {@code test} is e.g. {@code ["CMD-SHELL", "curl -f x"]} or
 * {@code ["NONE"]}. Durations and retries are null when not set.
 */
public record Healthcheck(
    List<String> test,
    Duration interval,
    Duration timeout,
    Duration startPeriod,
    Duration startInterval,
    Integer retries,
    UnknownFields unknown) {

  private static final Set<String> KNOWN =
      Set.of("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries");

  public Healthcheck {
    test = test == null ? List.of() : List.copyOf(test);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
    if (retries != null && retries < 0) {
      throw new ImageFormatException("healthcheck retries must not be negative: " + retries);
    }
  }

  static Healthcheck fromJson(JsonFields f) {
    Long retries = f.optionalLong("Retries");
    return new Healthcheck(
        f.strings("Test"),
        nanos(f, "Interval"),
        nanos(f, "Timeout"),
        nanos(f, "StartPeriod"),
        nanos(f, "StartInterval"),
        retries == null ? null : Math.toIntExact(retries),
        f.unknown(KNOWN));
  }

  private static Duration nanos(JsonFields f, String field) {
    Long n = f.optionalLong(field);
    return n == null ? null : Duration.ofNanos(n);
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    JsonFields.putStrings(o, "Test", test);
    putNanos(o, "Interval", interval);
    putNanos(o, "Timeout", timeout);
    putNanos(o, "StartPeriod", startPeriod);
    putNanos(o, "StartInterval", startInterval);
    if (retries != null) {
      o.put("Retries", retries);
    }
    unknown.writeTo(o);
    return o;
  }

  private static void putNanos(ObjectNode o, String field, Duration d) {
    if (d != null) {
      o.put(field, d.toNanos());
    }
  }
}
