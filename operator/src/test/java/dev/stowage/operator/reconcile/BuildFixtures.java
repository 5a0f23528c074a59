package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.testing.TestBuilds;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

/** ImageBuilds and builder pod statuses as the kubelet would report them. */
final class BuildFixtures {

  static final String DIGEST =
      "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

  private BuildFixtures() {}

  static ImageBuild imageBuild(String namespace, String name) {
    return TestBuilds.build()
        .namespace(namespace)
        .name(name)
        .inline("FROM docker.io/library/debian:bookworm-slim\nRUN echo hello > /hello.txt\n")
        .image("registry.example.com/demo/hello:1.0")
        .toCreate();
  }

  static ImageBuild projectBuild(String namespace, String name, String project) {
    return TestBuilds.build()
        .namespace(namespace)
        .name(name)
        .inline("FROM scratch")
        .image("registry.example.com/demo/hello:1.0")
        .project(project)
        .size("20Gi")
        .toCreate();
  }

  static ContainerStatus terminated(String step, int exitCode, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(step)
        .withImage("ghcr.io/stowage/stowage-builder:0.1.0")
        .withState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .withStartedAt("2026-11-28T08:00:00Z")
                .withFinishedAt("2026-11-28T08:01:00Z")
                .endTerminated()
                .build())
        .build();
  }

  static ContainerStatus ok(String step, String message) {
    return terminated(step, 0, "Completed", message);
  }

  static PodStatus succeeded() {
    return new PodStatusBuilder()
        .withPhase("Succeeded")
        .withStartTime("2026-11-28T08:00:00Z")
        .withInitContainerStatuses(
            ok("source", "{\"revision\":\"main\",\"commit\":\"abc123\"}"),
            ok("pull", ""),
            ok(
                "build",
                "{\"imageId\":\"sha256:1234\",\"layers\":3,\"cacheHits\":2,\"cacheMisses\":1,"
                    + "\"isolation\":\"chroot\",\"storageDriver\":\"overlay\",\"durationMs\":4200}"))
        .withContainerStatuses(
            ok(
                "push",
                "{\"digest\":\""
                    + DIGEST
                    + "\",\"references\":[\"registry.example.com/demo/hello:1.0@"
                    + DIGEST
                    + "\"],\"size\":12345}"))
        .build();
  }

  static PodStatus buildFailed(int exitCode, String message) {
    return new PodStatusBuilder()
        .withPhase("Failed")
        .withStartTime("2026-11-28T08:00:00Z")
        .withInitContainerStatuses(
            ok("source", ""), ok("pull", ""), terminated("build", exitCode, "Error", message))
        .build();
  }

  static PodStatus podFailed(String reason, String message) {
    return new PodStatusBuilder()
        .withPhase("Failed")
        .withReason(reason)
        .withMessage(message)
        .withStartTime("2026-11-28T08:00:00Z")
        .build();
  }

  static PodStatus running(String step) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withStartTime("2026-11-28T08:00:00Z")
        .withInitContainerStatuses(
            new ContainerStatusBuilder()
                .withName(step)
                .withState(
                    new ContainerStateBuilder()
                        .withNewRunning()
                        .withStartedAt("2026-11-28T08:00:00Z")
                        .endRunning()
                        .build())
                .build())
        .build();
  }
}
