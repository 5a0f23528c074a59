package dev.stowage.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pod statuses the kubelet stand-in writes, as a kubelet would. */
class PodRunTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");

  private final PodRun run = new PodRun(pod(), T0);

  private static Pod pod() {
    return new PodBuilder()
        .withNewSpec()
        .addNewInitContainer()
        .withName("source")
        .withImage("builder")
        .endInitContainer()
        .addNewInitContainer()
        .withName("build")
        .withImage("builder")
        .endInitContainer()
        .addNewContainer()
        .withName("push")
        .withImage("builder")
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void newPodIsPendingWithEveryContainerWaitingForInitialisation() {
    PodStatus status = run.status();

    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(status.getStartTime()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(status.getInitContainerStatuses())
        .extracting(s -> s.getState().getWaiting().getReason())
        .containsExactly("PodInitializing", "PodInitializing");
    assertThat(status.getContainerStatuses().getFirst().getState().getWaiting()).isNotNull();
  }

  @Test
  void podStaysPendingWhileInitContainersRun() {
    run.started("source", T0.plusSeconds(1));

    PodStatus status = run.status();

    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(status.getInitContainerStatuses().getFirst().getState().getRunning().getStartedAt())
        .isEqualTo("2026-12-01T10:00:01Z");
  }

  @Test
  void failedInitContainerFailsThePodWithItsExitCodeAndMessage() {
    run.started("source", T0.plusSeconds(1));
    run.died("source", 0, "{}\n", T0.plusSeconds(2));
    run.started("build", T0.plusSeconds(3));
    run.died("build", 2, "{\"error\":2}\n", T0.plusSeconds(4));

    PodStatus status = run.status();

    assertThat(status.getPhase()).isEqualTo("Failed");
    ContainerStatus build = status.getInitContainerStatuses().get(1);
    assertThat(build.getState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(build.getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(build.getState().getTerminated().getMessage()).isEqualTo("{\"error\":2}\n");
    assertThat(status.getContainerStatuses().getFirst().getState().getWaiting()).isNotNull();
    assertThat(run.finished()).isTrue();
  }

  @Test
  void mainContainerRunningMakesThePodRunningAndItsExitEndsIt() {
    run.died("source", 0, "", T0);
    run.died("build", 0, "", T0);
    run.started("push", T0.plusSeconds(5));
    assertThat(run.status().getPhase()).isEqualTo("Running");

    run.died("push", 0, "{\"digest\":\"sha256:00\"}", T0.plusSeconds(6));

    PodStatus status = run.status();
    assertThat(status.getPhase()).isEqualTo("Succeeded");
    assertThat(status.getContainerStatuses().getFirst().getState().getTerminated().getReason())
        .isEqualTo("Completed");
    assertThat(status.getInitContainerStatuses()).allMatch(ContainerStatus::getReady);
  }

  @Test
  void aDeadlineFailsThePodWithTheKubeletsReason() {
    run.started("source", T0);

    run.podFailed(PodRun.DEADLINE_EXCEEDED, "Pod was active on the node longer than allowed");

    PodStatus status = run.status();
    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getReason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void eventsOfOtherContainersAndRepeatedDeathsChangeNothing() {
    run.died("source", 0, "first", T0);
    run.died("source", 1, "second", T0.plusSeconds(1));
    run.started("infra", T0);

    assertThat(run.has("infra")).isFalse();
    assertThat(run.status().getInitContainerStatuses().getFirst().getState().getTerminated())
        .satisfies(t -> assertThat(t.getExitCode()).isZero())
        .satisfies(t -> assertThat(t.getMessage()).isEqualTo("first"));
  }
}
