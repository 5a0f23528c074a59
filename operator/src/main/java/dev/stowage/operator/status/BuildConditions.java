package dev.stowage.operator.status;

import dev.stowage.operator.api.ImageBuildStatus.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The metav1-shaped {@code Ready} and {@code Succeeded} conditions of an ImageBuild. A condition's
 * lastTransitionTime moves only when its status moves, so re-observing a build changes nothing.
 */
public final class BuildConditions {

  /** True once the image is pushed and usable. */
  public static final String READY = "Ready";

  /** Unknown while the build runs, then True or False for good. */
  public static final String SUCCEEDED = "Succeeded";

  private BuildConditions() {}

  /**
   * The conditions for {@code phase}, keeping each previous lastTransitionTime whose status is
   * unchanged.
   *
   * @param reason a CamelCase word for the condition reason
   */
  public static List<Condition> of(
      List<Condition> previous,
      Phase phase,
      String reason,
      String message,
      long generation,
      Instant now) {
    String ready = phase == Phase.Succeeded ? "True" : "False";
    String succeeded =
        switch (phase) {
          case Succeeded -> "True";
          case Failed, Cancelled -> "False";
          case Pending, Building -> "Unknown";
        };
    List<Condition> result = new ArrayList<>();
    result.add(condition(previous, READY, ready, reason, message, generation, now));
    result.add(condition(previous, SUCCEEDED, succeeded, reason, message, generation, now));
    return List.copyOf(result);
  }

  private static Condition condition(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      Instant now) {
    String since =
        find(previous, type)
            .filter(old -> status.equals(old.getStatus()) && old.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /** The condition of that type, if present. */
  public static java.util.Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return java.util.Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }
}
