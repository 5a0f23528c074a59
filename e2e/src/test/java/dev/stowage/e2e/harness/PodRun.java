package dev.stowage.e2e.harness;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kubelet stand-in knows of one pod: which containers started and how each ended, and the
 * pod status a kubelet reports for that (phase Pending while init containers run, Running with the
 * main container, then Succeeded or Failed; waiting containers say {@code PodInitializing}).
 */
public final class PodRun {

  /** Pod-level reason of a kubelet that ended a pod at its activeDeadlineSeconds. */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  private record Step(String name, String image, boolean init) {}

  private record Progress(Instant startedAt, Instant finishedAt, Integer exitCode, String message) {
    static final Progress WAITING = new Progress(null, null, null, null);
  }

  private final List<Step> steps = new ArrayList<>();
  private final Map<String, Progress> progress = new LinkedHashMap<>();
  private final Instant created;
  private String podReason;
  private String podMessage;

  public PodRun(Pod pod, Instant created) {
    this.created = created.truncatedTo(ChronoUnit.SECONDS);
    for (Container c : orEmpty(pod.getSpec().getInitContainers())) {
      steps.add(new Step(c.getName(), c.getImage(), true));
    }
    for (Container c : orEmpty(pod.getSpec().getContainers())) {
      steps.add(new Step(c.getName(), c.getImage(), false));
    }
    steps.forEach(s -> progress.put(s.name(), Progress.WAITING));
  }

  /** Whether {@code container} is one of this pod's. */
  public synchronized boolean has(String container) {
    return progress.containsKey(container);
  }

  /** The container started. */
  public synchronized void started(String container, Instant at) {
    Progress p = progress.get(container);
    if (p != null && p.startedAt() == null) {
      progress.put(container, new Progress(second(at), null, null, null));
      notifyAll();
    }
  }

  /** The container exited; {@code message} is what it left at its termination message path. */
  public synchronized void died(String container, int exitCode, String message, Instant at) {
    Progress p = progress.get(container);
    if (p == null || p.exitCode() != null) {
      return;
    }
    Instant start = p.startedAt() != null ? p.startedAt() : second(at);
    progress.put(container, new Progress(start, second(at), exitCode, message));
    notifyAll();
  }

  /** The pod as a whole failed (deadline, or the harness could not run it). */
  public synchronized void podFailed(String reason, String message) {
    if (podReason == null) {
      podReason = reason;
      podMessage = message;
      notifyAll();
    }
  }

  /** Whether the pod reached Succeeded or Failed. */
  public synchronized boolean finished() {
    String phase = phase();
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  /** Waits until {@link #finished()} or the timeout; returns whether it finished. */
  public synchronized boolean awaitFinished(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!finished()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The status a kubelet would write now. */
  public synchronized PodStatus status() {
    String phase = phase();
    List<ContainerStatus> init = new ArrayList<>();
    List<ContainerStatus> main = new ArrayList<>();
    for (Step step : steps) {
      (step.init() ? init : main).add(containerStatus(step));
    }
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withHostIP("127.0.0.1")
            .withPodIP("127.0.0.1")
            .withStartTime(created.toString())
            .withConditions(conditions(phase))
            .withInitContainerStatuses(init)
            .withContainerStatuses(main);
    if (podReason != null) {
      status.withReason(podReason).withMessage(podMessage);
    }
    return status.build();
  }

  private String phase() {
    if (podReason != null) {
      return "Failed";
    }
    boolean mainRunning = false;
    for (Step step : steps) {
      Progress p = progress.get(step.name());
      if (p.exitCode() != null && p.exitCode() != 0) {
        return "Failed";
      }
      if (!step.init()) {
        if (p.exitCode() != null) {
          return "Succeeded";
        }
        mainRunning |= p.startedAt() != null;
      }
    }
    return mainRunning ? "Running" : "Pending";
  }

  private boolean initialized() {
    return steps.stream()
        .filter(Step::init)
        .allMatch(s -> Objects.equals(progress.get(s.name()).exitCode(), 0));
  }

  private List<PodCondition> conditions(String phase) {
    String now = created.toString();
    boolean ready = phase.equals("Running");
    return List.of(
        condition("PodScheduled", true, null, now),
        condition(
            "Initialized", initialized(), initialized() ? null : "ContainersNotInitialized", now),
        condition("ContainersReady", ready, ready ? null : "PodCompleted", now),
        condition("Ready", ready, ready ? null : "PodCompleted", now));
  }

  private static PodCondition condition(String type, boolean status, String reason, String at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withLastTransitionTime(at)
        .build();
  }

  private ContainerStatus containerStatus(Step step) {
    Progress p = progress.get(step.name());
    ContainerStateBuilder state = new ContainerStateBuilder();
    if (p.exitCode() != null) {
      state
          .withNewTerminated()
          .withExitCode(p.exitCode())
          .withReason(p.exitCode() == 0 ? "Completed" : "Error")
          .withMessage(p.message() == null || p.message().isEmpty() ? null : p.message())
          .withStartedAt(p.startedAt().toString())
          .withFinishedAt(p.finishedAt().toString())
          .endTerminated();
    } else if (p.startedAt() != null) {
      state.withNewRunning().withStartedAt(p.startedAt().toString()).endRunning();
    } else {
      state.withNewWaiting().withReason("PodInitializing").endWaiting();
    }
    return new ContainerStatusBuilder()
        .withName(step.name())
        .withImage(step.image())
        .withReady(
            step.init()
                ? Objects.equals(p.exitCode(), 0)
                : p.startedAt() != null && p.exitCode() == null)
        .withStarted(p.startedAt() != null && p.exitCode() == null)
        .withRestartCount(0)
        .withState(state.build())
        .build();
  }

  private static Instant second(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
