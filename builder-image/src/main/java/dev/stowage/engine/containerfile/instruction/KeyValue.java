package dev.stowage.engine.containerfile.instruction;

import java.util.Objects;

/** One {@code key=value} of ENV or LABEL. */
public record KeyValue(String key, String value) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
