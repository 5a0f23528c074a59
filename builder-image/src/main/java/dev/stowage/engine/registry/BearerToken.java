package dev.stowage.engine.registry;

import java.time.Instant;

/** A registry bearer token and when to stop using it. */
record BearerToken(String token, Instant expiresAt) {

  boolean usableAt(Instant now) {
    // Leave a margin so a token does not expire in flight.
    return now.plusSeconds(10).isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "BearerToken[****, expiresAt=" + expiresAt + "]";
  }
}
