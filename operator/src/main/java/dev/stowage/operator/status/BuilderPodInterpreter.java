package dev.stowage.operator.status;

import dev.stowage.operator.api.Reason;
import dev.stowage.operator.status.BuildOutcome.Failed;
import dev.stowage.operator.status.BuildOutcome.Running;
import dev.stowage.operator.status.BuildOutcome.Succeeded;
import dev.stowage.operator.status.BuildOutcome.Waiting;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a builder pod's status (pod phase and reason, conditions, container states, termination
 * messages) into a {@link BuildOutcome}. Pure: the same pod always gives the same outcome.
 */
public final class BuilderPodInterpreter {

  /** Pod-level reasons (status.reason) meaning the node or kubelet took the pod away. */
  private static final Set<String> POD_LOST_REASONS =
      Set.of(
          "NodeLost",
          "NodeShutdown",
          "Shutdown",
          "Terminated",
          "UnexpectedAdmissionError",
          "Preempting",
          "OutOfcpu",
          "OutOfmemory",
          "OutOfpods");

  /** Reasons of the DisruptionTarget condition that mean an eviction, not a loss. */
  private static final Set<String> EVICTION_DISRUPTIONS =
      Set.of("EvictionByEvictionAPI", "TerminationByKubelet");

  private static final Set<String> IMAGE_PULL_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff");

  /** What the pod of one attempt says about the build. */
  public BuildOutcome interpret(Pod pod) {
    Objects.requireNonNull(pod, "pod");
    PodStatus status = pod.getStatus();
    if (status == null) {
      return Waiting.newPod();
    }
    Instant start = time(status.getStartTime());
    Map<Step, ContainerStatus> containers = containerStatuses(status);

    Optional<BuildOutcome> podLevel = podLevelFailure(pod, status, start, containers);
    if (podLevel.isPresent()) {
      return podLevel.get();
    }
    for (Step step : Step.values()) {
      ContainerStatus container = containers.get(step);
      ContainerStateTerminated terminated = terminated(container);
      if (terminated != null && exitCode(terminated) != 0) {
        StepFailure failure =
            StepFailure.parse(
                step, exitCode(terminated), terminated.getReason(), terminated.getMessage());
        return new Failed(
            failure.reason(),
            step,
            failure.describe(),
            false,
            start,
            time(terminated.getFinishedAt()),
            optionalBuildResult(containers),
            optionalSourceResult(containers));
      }
    }
    Optional<Failed> pullFailure = builderImagePullFailure(containers, start);
    if (pullFailure.isPresent()) {
      return pullFailure.get();
    }
    ContainerStateTerminated push = terminated(containers.get(Step.PUSH));
    if (push != null) {
      return succeeded(push, containers, start);
    }
    if ("Succeeded".equals(status.getPhase())) {
      return Failed.ofPod(
          Reason.InternalError,
          "the builder pod succeeded but its push step left no status",
          false,
          start,
          null);
    }
    if ("Failed".equals(status.getPhase())) {
      String detail = status.getMessage() != null ? status.getMessage() : status.getReason();
      return Failed.ofPod(
          Reason.InternalError,
          "the builder pod failed without a failed step" + (detail == null ? "" : ": " + detail),
          false,
          start,
          latestConditionTime(status));
    }
    return runningStep(status, containers)
        .<BuildOutcome>map(step -> new Running(step, start))
        .orElseGet(() -> new Waiting(waitingMessage(status)));
  }

  private Optional<BuildOutcome> podLevelFailure(
      Pod pod, PodStatus status, Instant start, Map<Step, ContainerStatus> containers) {
    String reason = status.getReason();
    String message = status.getMessage() == null ? "" : status.getMessage();
    Instant when = latestTime(status, containers);
    if ("DeadlineExceeded".equals(reason)) {
      return Optional.of(
          Failed.ofPod(
              Reason.Timeout,
              "the build ran past its deadline" + (message.isEmpty() ? "" : ": " + message),
              false,
              start,
              when));
    }
    if ("Evicted".equals(reason)) {
      return Optional.of(
          Failed.ofPod(
              Reason.PodEvicted, "the builder pod was evicted: " + message, true, start, when));
    }
    if (reason != null && POD_LOST_REASONS.contains(reason)) {
      return Optional.of(
          Failed.ofPod(
              Reason.PodLost,
              "the builder pod was lost ("
                  + reason
                  + ")"
                  + (message.isEmpty() ? "" : ": " + message),
              true,
              start,
              when));
    }
    boolean finished = "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());
    Optional<PodCondition> disruption =
        conditions(status)
            .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
    if (disruption.isPresent() && !"Succeeded".equals(status.getPhase())) {
      PodCondition c = disruption.get();
      boolean eviction = EVICTION_DISRUPTIONS.contains(c.getReason());
      return Optional.of(
          Failed.ofPod(
              eviction ? Reason.PodEvicted : Reason.PodLost,
              "the builder pod was disrupted ("
                  + c.getReason()
                  + "): "
                  + nullToEmpty(c.getMessage()),
              true,
              start,
              max(when, time(c.getLastTransitionTime()))));
    }
    if (pod.getMetadata() != null
        && pod.getMetadata().getDeletionTimestamp() != null
        && !finished) {
      return Optional.of(
          Failed.ofPod(
              Reason.PodLost,
              "the builder pod is being deleted before it finished",
              true,
              start,
              time(pod.getMetadata().getDeletionTimestamp())));
    }
    return Optional.empty();
  }

  private Optional<Failed> builderImagePullFailure(
      Map<Step, ContainerStatus> containers, Instant start) {
    for (Map.Entry<Step, ContainerStatus> entry : containers.entrySet()) {
      ContainerStateWaiting waiting = waiting(entry.getValue());
      if (waiting == null) {
        continue;
      }
      if (IMAGE_PULL_ERRORS.contains(waiting.getReason())) {
        return Optional.of(
            Failed.ofPod(
                Reason.BuilderImagePullFailed,
                "cannot pull the builder image "
                    + nullToEmpty(entry.getValue().getImage())
                    + " ("
                    + waiting.getReason()
                    + "): "
                    + nullToEmpty(waiting.getMessage()),
                true,
                start,
                null));
      }
      if ("InvalidImageName".equals(waiting.getReason())) {
        return Optional.of(
            Failed.ofPod(
                Reason.BuilderImagePullFailed,
                "the builder image name is invalid; fix builderImage in the operator"
                    + " configuration: "
                    + nullToEmpty(waiting.getMessage()),
                false,
                start,
                null));
      }
    }
    return Optional.empty();
  }

  private BuildOutcome succeeded(
      ContainerStateTerminated push, Map<Step, ContainerStatus> containers, Instant start) {
    PushResult image;
    try {
      image = PushResult.parse(push.getMessage());
    } catch (RuntimeException e) {
      return Failed.ofPod(
          Reason.InternalError,
          "the push step succeeded but reported no usable result: " + e.getMessage(),
          false,
          start,
          time(push.getFinishedAt()));
    }
    return new Succeeded(
        image,
        optionalBuildResult(containers),
        optionalSourceResult(containers),
        start,
        time(push.getFinishedAt()));
  }

  private static Optional<Step> runningStep(
      PodStatus status, Map<Step, ContainerStatus> containers) {
    Step lastDone = null;
    for (Step step : Step.values()) {
      ContainerStatus container = containers.get(step);
      if (container == null) {
        continue;
      }
      if (container.getState() != null && container.getState().getRunning() != null) {
        return Optional.of(step);
      }
      ContainerStateTerminated terminated = terminated(container);
      if (terminated != null && exitCode(terminated) == 0) {
        lastDone = step;
      }
    }
    if (lastDone != null) {
      // Between two steps: the next one is starting.
      return Optional.of(Step.values()[Math.min(lastDone.ordinal() + 1, Step.PUSH.ordinal())]);
    }
    return "Running".equals(status.getPhase()) ? Optional.of(Step.PUSH) : Optional.empty();
  }

  private static String waitingMessage(PodStatus status) {
    return conditions(status)
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .map(c -> "waiting to be scheduled: " + nullToEmpty(c.getMessage()))
        .findFirst()
        .orElse("waiting for the builder pod to start");
  }

  private static BuildResult optionalBuildResult(Map<Step, ContainerStatus> containers) {
    ContainerStateTerminated build = terminated(containers.get(Step.BUILD));
    if (build == null || exitCode(build) != 0) {
      return null;
    }
    try {
      return BuildResult.parse(build.getMessage());
    } catch (RuntimeException e) {
      // Statistics only: a missing or garbled result must not fail a pushed build.
      return null;
    }
  }

  private static SourceResult optionalSourceResult(Map<Step, ContainerStatus> containers) {
    ContainerStateTerminated source = terminated(containers.get(Step.SOURCE));
    if (source == null || exitCode(source) != 0 || source.getMessage() == null) {
      return null;
    }
    try {
      SourceResult result = SourceResult.parse(source.getMessage());
      // ConfigMap, inline and volume sources report {}: nothing was resolved, so no source status.
      return result.revision() == null && result.commit() == null ? null : result;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Map<Step, ContainerStatus> containerStatuses(PodStatus status) {
    Map<Step, ContainerStatus> byStep = new EnumMap<>(Step.class);
    List<ContainerStatus> all = new ArrayList<>();
    if (status.getInitContainerStatuses() != null) {
      all.addAll(status.getInitContainerStatuses());
    }
    if (status.getContainerStatuses() != null) {
      all.addAll(status.getContainerStatuses());
    }
    for (ContainerStatus container : all) {
      Step.ofContainer(container.getName()).ifPresent(step -> byStep.put(step, container));
    }
    return byStep;
  }

  private static ContainerStateTerminated terminated(ContainerStatus container) {
    return container == null || container.getState() == null
        ? null
        : container.getState().getTerminated();
  }

  private static ContainerStateWaiting waiting(ContainerStatus container) {
    return container == null || container.getState() == null
        ? null
        : container.getState().getWaiting();
  }

  private static int exitCode(ContainerStateTerminated terminated) {
    return terminated.getExitCode() == null ? 0 : terminated.getExitCode();
  }

  private static Stream<PodCondition> conditions(PodStatus status) {
    return status.getConditions() == null ? Stream.empty() : status.getConditions().stream();
  }

  private static Instant latestConditionTime(PodStatus status) {
    return conditions(status)
        .map(c -> time(c.getLastTransitionTime()))
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  private static Instant latestTime(PodStatus status, Map<Step, ContainerStatus> containers) {
    Instant latest = latestConditionTime(status);
    for (ContainerStatus container : containers.values()) {
      ContainerStateTerminated terminated = terminated(container);
      if (terminated != null) {
        latest = max(latest, time(terminated.getFinishedAt()));
      }
    }
    return latest;
  }

  private static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  /** Parses an RFC 3339 timestamp from the API; null when absent or malformed. */
  static Instant time(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
