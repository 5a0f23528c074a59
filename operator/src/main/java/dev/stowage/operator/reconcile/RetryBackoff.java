package dev.stowage.operator.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts after infrastructure failures: {@code initial} before the
 * second attempt, doubling up to {@code max}.
 */
public record RetryBackoff(Duration initial, Duration max) {

  /** 10 s, 20 s, 40 s, … up to 5 min. */
  public static final RetryBackoff STANDARD =
      new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5));

  /** No waiting at all, for tests and benchmarks. */
  public static final RetryBackoff NONE = new RetryBackoff(Duration.ZERO, Duration.ZERO);

  public RetryBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 <= initial <= max");
    }
  }

  /** How long to wait after attempt {@code failedAttempt} (from 1) failed. */
  public Duration after(int failedAttempt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException("attempts count from 1: " + failedAttempt);
    }
    Duration delay = initial;
    for (int i = 1; i < failedAttempt && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
