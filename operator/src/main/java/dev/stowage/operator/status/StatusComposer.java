package dev.stowage.operator.status;

import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.CacheResult;
import dev.stowage.operator.api.ImageBuildStatus.ImageResult;
import dev.stowage.operator.api.ImageBuildStatus.IsolationResult;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.status.BuildOutcome.Failed;
import dev.stowage.operator.status.BuildOutcome.Running;
import dev.stowage.operator.status.BuildOutcome.Succeeded;
import dev.stowage.operator.status.BuildOutcome.Waiting;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Turns the outcome of the current attempt into the ImageBuild status. Composing the same
 * observation twice gives an equal status, so callers skip the write when nothing changed.
 */
public final class StatusComposer {

  private final Clock clock;

  public StatusComposer(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The status for {@code outcome} of attempt {@code attempt}.
   *
   * @param previous the status as last written, or null
   * @param attempt which attempt the status describes: generation, revision, number and pod
   */
  public ImageBuildStatus compose(
      ImageBuildStatus previous, AttemptRef attempt, BuildOutcome outcome) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    boolean sameRevision =
        previous != null && Objects.equals(previous.revision(), attempt.revision());
    Phase phase = outcome.phase();

    Reason reason =
        switch (outcome) {
          case Waiting w -> w.reason();
          case Running r -> null;
          case Succeeded s -> Reason.BuildSucceeded;
          case Failed f -> f.reason();
        };
    String message =
        switch (outcome) {
          case Waiting w -> w.message();
          case Running r -> "running step " + r.step().containerName();
          case Succeeded s -> "pushed " + s.image().digest();
          case Failed f -> f.message();
        };

    String startTime =
        sameRevision && previous.startTime() != null
            ? previous.startTime()
            : format(outcome.startTime());
    String completionTime = null;
    if (phase.isFinal()) {
      boolean alreadyFinal =
          sameRevision
              && previous.phase() == phase
              && Objects.equals(previous.attempt(), attempt.number())
              && previous.completionTime() != null;
      Instant finished =
          switch (outcome) {
            case Succeeded s -> s.completionTime();
            case Failed f -> f.completionTime();
            default -> null;
          };
      completionTime =
          alreadyFinal ? previous.completionTime() : format(finished != null ? finished : now);
    }

    BuildResult build =
        switch (outcome) {
          case Succeeded s -> s.build();
          case Failed f -> f.build();
          default -> null;
        };
    SourceResult source =
        switch (outcome) {
          case Succeeded s -> s.source();
          case Failed f -> f.source();
          default -> null;
        };
    ImageResult image =
        outcome instanceof Succeeded s
            ? new ImageResult(
                s.image().digest(),
                s.image().shortDigest(),
                s.image().references(),
                s.image().size())
            : null;
    String failedStep =
        outcome instanceof Failed f && f.step() != null ? f.step().containerName() : null;

    String conditionReason = reason != null ? reason.name() : phase.name();
    return new ImageBuildStatus(
        phase,
        BuildConditions.of(
            previous == null ? null : previous.conditions(),
            phase,
            conditionReason,
            message,
            attempt.generation(),
            now),
        attempt.generation(),
        attempt.podName(),
        attempt.revision(),
        attempt.number(),
        startTime,
        completionTime,
        image,
        source == null
            ? null
            : new ImageBuildStatus.SourceResult(source.revision(), source.commit()),
        reason,
        message,
        failedStep,
        build == null || build.cacheHits() == null && build.cacheMisses() == null
            ? null
            : new CacheResult(build.cacheHits(), build.cacheMisses()),
        build == null || build.isolation() == null && build.storageDriver() == null
            ? null
            : new IsolationResult(
                build.isolation(),
                build.storageDriver(),
                build.mountProgram(),
                build.userNamespace(),
                build.storageNote()));
  }

  private static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Which attempt a status describes.
   *
   * @param generation the metadata.generation observed
   * @param revision the revision hash of the spec
   * @param number the attempt, from 1
   * @param podName the attempt's builder pod
   */
  public record AttemptRef(long generation, String revision, int number, String podName) {
    public AttemptRef {
      Objects.requireNonNull(revision, "revision");
      if (number < 1) {
        throw new IllegalArgumentException("attempts count from 1: " + number);
      }
    }
  }
}
