package dev.stowage.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.status.BuildOutcome.Failed;
import dev.stowage.operator.status.BuildOutcome.Running;
import dev.stowage.operator.status.StatusComposer.AttemptRef;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusComposerTest {

  private static final AttemptRef ATTEMPT = new AttemptRef(3, "abcdef0123456789", 1, "hello-1");

  private static StatusComposer at(String instant) {
    return new StatusComposer(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void sameObservationLaterGivesAnEqualStatus() {
    Running running = new Running(Step.BUILD, Instant.parse("2026-11-28T08:00:00Z"));
    ImageBuildStatus first = at("2026-11-28T08:00:05Z").compose(null, ATTEMPT, running);

    ImageBuildStatus again = at("2026-11-28T08:30:00Z").compose(first, ATTEMPT, running);

    assertThat(again).isEqualTo(first);
    assertThat(first.phase()).isEqualTo(Phase.Building);
    assertThat(first.observedGeneration()).isEqualTo(3L);
    assertThat(first.startTime()).isEqualTo("2026-11-28T08:00:00Z");
  }

  @Test
  void conditionTimeMovesOnlyWhenItsStatusMoves() {
    ImageBuildStatus pending =
        at("2026-11-28T08:00:00Z").compose(null, ATTEMPT, BuildOutcome.Waiting.newPod());
    ImageBuildStatus building =
        at("2026-11-28T08:01:00Z").compose(pending, ATTEMPT, new Running(Step.SOURCE, null));
    ImageBuildStatus failed =
        at("2026-11-28T08:02:00Z")
            .compose(
                building,
                ATTEMPT,
                new Failed(
                    Reason.BuildFailed,
                    Step.BUILD,
                    "RUN make: exit 2",
                    false,
                    null,
                    null,
                    null,
                    null));

    assertThat(condition(building, BuildConditions.SUCCEEDED).getLastTransitionTime())
        .isEqualTo("2026-11-28T08:00:00Z");
    assertThat(condition(building, BuildConditions.SUCCEEDED).getReason()).isEqualTo("Building");
    assertThat(condition(failed, BuildConditions.SUCCEEDED).getStatus()).isEqualTo("False");
    assertThat(condition(failed, BuildConditions.SUCCEEDED).getLastTransitionTime())
        .isEqualTo("2026-11-28T08:02:00Z");
    assertThat(condition(failed, BuildConditions.READY).getLastTransitionTime())
        .isEqualTo("2026-11-28T08:00:00Z");
    assertThat(condition(failed, BuildConditions.READY).getReason()).isEqualTo("BuildFailed");
    assertThat(failed.failedStep()).isEqualTo("build");
    assertThat(failed.completionTime()).isEqualTo("2026-11-28T08:02:00Z");
  }

  @Test
  void isolationCarriesTheEnginesDriverDetails() {
    BuildResult build =
        new BuildResult("5ad7f058b70b", 3, 2, 0, "chroot", "overlay", "kernel", true, null, 1902L);
    PushResult image =
        new PushResult(
            "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", null, 7L);

    ImageBuildStatus status =
        at("2026-11-28T08:02:00Z")
            .compose(
                null,
                ATTEMPT,
                new BuildOutcome.Succeeded(
                    image, build, null, null, Instant.parse("2026-11-28T08:01:00Z")));

    assertThat(status.isolation())
        .isEqualTo(new ImageBuildStatus.IsolationResult("chroot", "overlay", "kernel", true, null));
    assertThat(status.cache()).isEqualTo(new ImageBuildStatus.CacheResult(2, 0));
  }

  @Test
  void completionTimeOfAFinishedAttemptIsKept() {
    Failed lost = Failed.ofPod(Reason.PodLost, "gone", false, null, null);
    ImageBuildStatus first = at("2026-11-28T08:02:00Z").compose(null, ATTEMPT, lost);

    ImageBuildStatus later = at("2026-11-28T09:00:00Z").compose(first, ATTEMPT, lost);

    assertThat(later.completionTime()).isEqualTo("2026-11-28T08:02:00Z");
    assertThat(later).isEqualTo(first);
  }

  private static Condition condition(ImageBuildStatus status, String type) {
    return BuildConditions.find(status.conditions(), type).orElseThrow();
  }
}
