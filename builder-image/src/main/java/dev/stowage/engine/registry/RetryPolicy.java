package dev.stowage.engine.registry;

import java.time.Duration;

/**
 * How often and how patiently a request is retried after 5xx, 429 or a broken connection: {@code
 * maxAttempts} tries in all, waits doubling from {@code initialDelay} up to {@code maxDelay}.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
  public Duration delayAfter(int attempt) {
    long millis = initialDelay.toMillis();
    for (int i = 1; i < attempt && millis < maxDelay.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
