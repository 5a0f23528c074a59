package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import java.time.Duration;
import java.util.List;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [options] CMD command}, shaped like the image
 * config's {@code Healthcheck}: a zero duration or retry count means "inherit the default".
 *
 * @param test {@code ["NONE"]}, {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}
 */
public record HealthcheckInstruction(
    Location location,
    String original,
    List<String> test,
    Duration interval,
    Duration timeout,
    Duration startPeriod,
    Duration startInterval,
    int retries)
    implements Instruction {

  public HealthcheckInstruction {
    test = List.copyOf(test);
  }

  /** Whether this is {@code HEALTHCHECK NONE}, which disables an inherited check. */
  public boolean disabled() {
    return test.equals(List.of("NONE"));
  }
}
