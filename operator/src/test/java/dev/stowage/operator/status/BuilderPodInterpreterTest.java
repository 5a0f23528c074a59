package dev.stowage.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.status.BuildOutcome.Failed;
import dev.stowage.operator.status.BuildOutcome.Running;
import dev.stowage.operator.status.BuildOutcome.Succeeded;
import dev.stowage.operator.status.BuildOutcome.Waiting;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuilderPodInterpreterTest {

  private static final String DIGEST =
      "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
  private static final String PUSHED =
      "{\"digest\":\""
          + DIGEST
          + "\",\"references\":[\"r.example/a:1@"
          + DIGEST
          + "\"],\"size\":7}";

  private final BuilderPodInterpreter interpreter = new BuilderPodInterpreter();

  @Test
  void podWithoutStatusIsWaiting() {
    assertThat(interpreter.interpret(pod(null))).isInstanceOf(Waiting.class);
  }

  @Test
  void unschedulablePodWaitsWithTheSchedulersMessage() {
    BuildOutcome outcome =
        interpreter.interpret(
            pod(
                new PodStatusBuilder()
                    .withPhase("Pending")
                    .addNewCondition()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withMessage("0/3 nodes are available: 3 Insufficient github.com/fuse.")
                    .endCondition()
                    .build()));

    assertThat(outcome.phase()).isEqualTo(Phase.Pending);
    assertThat(((Waiting) outcome).message()).contains("Insufficient github.com/fuse");
  }

  @Test
  void runningInitContainerNamesTheStep() {
    BuildOutcome outcome =
        interpreter.interpret(
            pod(
                new PodStatusBuilder()
                    .withPhase("Pending")
                    .withStartTime("2026-11-28T08:00:00Z")
                    .withInitContainerStatuses(ok("source", ""), running("pull"))
                    .build()));

    assertThat(outcome).isEqualTo(new Running(Step.PULL, Instant.parse("2026-11-28T08:00:00Z")));
  }

  @Test
  void betweenTwoStepsTheNextOneCounts() {
    BuildOutcome outcome =
        interpreter.interpret(
            pod(
                new PodStatusBuilder()
                    .withPhase("Pending")
                    .withInitContainerStatuses(ok("source", ""), ok("pull", ""))
                    .build()));

    assertThat(outcome).isEqualTo(new Running(Step.BUILD, null));
  }

  @Test
  void pushedPodSucceedsWithDigestAndBuildStatistics() {
    BuildOutcome outcome =
        interpreter.interpret(
            pod(
                new PodStatusBuilder()
                    .withPhase("Succeeded")
                    .withInitContainerStatuses(
                        ok("source", "{\"revision\":\"v1\",\"commit\":\"c0ffee\"}"),
                        ok("pull", ""),
                        ok("build", "{\"cacheHits\":5,\"cacheMisses\":0,\"isolation\":\"chroot\"}"))
                    .withContainerStatuses(ok("push", PUSHED))
                    .build()));

    Succeeded succeeded = (Succeeded) outcome;
    assertThat(succeeded.image().digest()).isEqualTo(DIGEST);
    assertThat(succeeded.build().cacheHits()).isEqualTo(5);
    assertThat(succeeded.source().commit()).isEqualTo("c0ffee");
    assertThat(succeeded.completionTime()).isEqualTo(Instant.parse("2026-11-28T08:01:00Z"));
  }

  @Test
  void sourceStepReportingNothingLeavesNoSourceResult() {
    // what the engine's source step writes for ConfigMap, inline and volume sources
    BuildOutcome outcome =
        interpreter.interpret(
            pod(
                new PodStatusBuilder()
                    .withPhase("Succeeded")
                    .withInitContainerStatuses(
                        ok("source", "{}\n"), ok("pull", ""), ok("build", ""))
                    .withContainerStatuses(ok("push", PUSHED))
                    .build()));

    assertThat(((Succeeded) outcome).source()).isNull();
  }

  @Test
  void garbledBuildStatisticsDoNotFailAPushedImage() {
    BuildOutcome outcome =
        interpreter.interpret(
            pod(
                new PodStatusBuilder()
                    .withPhase("Succeeded")
                    .withInitContainerStatuses(ok("build", "built it!"))
                    .withContainerStatuses(ok("push", PUSHED))
                    .build()));

    assertThat(outcome).isInstanceOf(Succeeded.class);
    assertThat(((Succeeded) outcome).build()).isNull();
  }

  @Test
  void pushWithoutDigestIsAnInternalError() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Succeeded")
                        .withContainerStatuses(ok("push", "done"))
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.InternalError);
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void failedBuildStepIsNeverRetryable() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Failed")
                        .withInitContainerStatuses(
                            ok("source", ""),
                            ok("pull", ""),
                            terminated("build", 2, "Error", "Containerfile:1: FROM needs an image"))
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.InvalidContainerfile);
    assertThat(failed.step()).isEqualTo(Step.BUILD);
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void pushRegistryErrorIsPushFailedNotRetryable() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Failed")
                        .withContainerStatuses(terminated("push", 3, "Error", "503 from registry"))
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.PushFailed);
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void outOfMemoryIsReportedForTheStep() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Failed")
                        .withInitContainerStatuses(terminated("build", 137, "OOMKilled", null))
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.OutOfMemory);
    assertThat(failed.step()).isEqualTo(Step.BUILD);
  }

  @Test
  void evictionIsRetryableEvenWhenContainersWereKilled() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Failed")
                        .withReason("Evicted")
                        .withMessage("The node was low on resource: ephemeral-storage.")
                        .withInitContainerStatuses(terminated("build", 137, "Error", ""))
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.PodEvicted);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.completionTime()).isEqualTo(Instant.parse("2026-11-28T08:01:00Z"));
  }

  @Test
  void deadlineExceededIsATimeout() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Failed")
                        .withReason("DeadlineExceeded")
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.Timeout);
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void preemptionIsARetryableLoss() {
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Running")
                        .addNewCondition()
                        .withType("DisruptionTarget")
                        .withStatus("True")
                        .withReason("PreemptionByScheduler")
                        .withLastTransitionTime("2026-11-28T08:03:00Z")
                        .endCondition()
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.PodLost);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.completionTime()).isEqualTo(Instant.parse("2026-11-28T08:03:00Z"));
  }

  @Test
  void builderImagePullBackOffIsRetryable() {
    ContainerStatus waiting =
        new ContainerStatusBuilder()
            .withName("source")
            .withImage("ghcr.io/stowage/stowage-builder:0.1.0")
            .withState(
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image")
                    .endWaiting()
                    .build())
            .build();
    Failed failed =
        (Failed)
            interpreter.interpret(
                pod(
                    new PodStatusBuilder()
                        .withPhase("Pending")
                        .withInitContainerStatuses(waiting)
                        .build()));

    assertThat(failed.reason()).isEqualTo(Reason.BuilderImagePullFailed);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.message()).contains("stowage-builder:0.1.0");
  }

  @Test
  void podBeingDeletedBeforeFinishingIsLost() {
    Pod pod = pod(new PodStatusBuilder().withPhase("Running").build());
    pod.getMetadata().setDeletionTimestamp("2026-11-28T08:05:00Z");

    Failed failed = (Failed) interpreter.interpret(pod);

    assertThat(failed.reason()).isEqualTo(Reason.PodLost);
    assertThat(failed.retryable()).isTrue();
  }

  private static Pod pod(io.fabric8.kubernetes.api.model.PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("hello-0123abcd-1")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  static ContainerStatus terminated(String name, int exitCode, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .withFinishedAt("2026-11-28T08:01:00Z")
                .endTerminated()
                .build())
        .build();
  }

  static ContainerStatus ok(String name, String message) {
    return terminated(name, 0, "Completed", message);
  }

  private static ContainerStatus running(String name) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
        .build();
  }
}
