package dev.stowage.operator.status;

import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import java.time.Instant;
import java.util.Objects;

/** What one builder pod says about its attempt: waiting, running, succeeded or failed. */
public sealed interface BuildOutcome {

  /** The build phase this outcome stands for. */
  Phase phase();

  /** When the pod started, if it did. */
  Instant startTime();

  /**
   * No step has started: the pod is being scheduled or pulls the builder image, or the build waits
   * (for a retry, for its project's volume).
   *
   * @param reason why it waits, null for the ordinary start of a pod
   */
  record Waiting(Reason reason, String message) implements BuildOutcome {

    /** The message of a builder pod that has no status yet. */
    public static final String NEW_POD = "waiting for the builder pod to be scheduled";

    /** The ordinary wait of a new pod. */
    public Waiting(String message) {
      this(null, message);
    }

    /** A pod that was just created or has no status yet. */
    public static Waiting newPod() {
      return new Waiting(NEW_POD);
    }

    @Override
    public Phase phase() {
      return Phase.Pending;
    }

    @Override
    public Instant startTime() {
      return null;
    }
  }

  /** A step is running (or the next one is about to start). */
  record Running(Step step, Instant startTime) implements BuildOutcome {
    public Running {
      Objects.requireNonNull(step, "step");
    }

    @Override
    public Phase phase() {
      return Phase.Building;
    }
  }

  /** Every step succeeded and the image is pushed. */
  record Succeeded(
      PushResult image,
      BuildResult build,
      SourceResult source,
      Instant startTime,
      Instant completionTime)
      implements BuildOutcome {
    public Succeeded {
      Objects.requireNonNull(image, "image");
    }

    @Override
    public Phase phase() {
      return Phase.Succeeded;
    }
  }

  /**
   * The attempt failed.
   *
   * @param step the failed step, null when the pod failed as a whole (eviction, deadline)
   * @param retryable whether a new pod may succeed: infrastructure, never the user's build
   * @param completionTime when the failure happened, if known (the start of a retry backoff)
   */
  record Failed(
      Reason reason,
      Step step,
      String message,
      boolean retryable,
      Instant startTime,
      Instant completionTime,
      BuildResult build,
      SourceResult source)
      implements BuildOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      message = message == null ? "" : message;
    }

    /** A failure of the pod as a whole, without step results. */
    public static Failed ofPod(
        Reason reason, String message, boolean retryable, Instant start, Instant end) {
      return new Failed(reason, null, message, retryable, start, end, null, null);
    }

    @Override
    public Phase phase() {
      return Phase.Failed;
    }
  }
}
