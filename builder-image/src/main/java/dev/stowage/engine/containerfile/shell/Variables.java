package dev.stowage.engine.containerfile.shell;

import java.util.Map;
import java.util.Optional;

/** The variables a word is expanded against; {@link Optional#empty()} means unset. */
@FunctionalInterface
public interface Variables {

  Optional<String> get(String name);

  /** No variable is set. */
  static Variables none() {
    return name -> Optional.empty();
  }

  /** Variables backed by a map (a key mapped to {@code ""} is set but empty). */
  static Variables of(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name));
  }
}
