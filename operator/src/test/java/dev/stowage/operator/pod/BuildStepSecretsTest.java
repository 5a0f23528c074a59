package dev.stowage.operator.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.pod.PodMatrix.Variant;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The build step runs untrusted RUN instructions: it must never see a credential. */
class BuildStepSecretsTest {

  @Test
  void buildContainerMountsNoSecretInAnyVariant() {
    for (Variant v : PodMatrix.all()) {
      Container build = container(v.pod(), BuilderPodLabels.BUILD);
      Set<String> secretVolumes = secretVolumes(v.pod());
      assertThat(build.getVolumeMounts())
          .as(v.toString())
          .noneMatch(m -> secretVolumes.contains(m.getName()));
      assertThat(build.getEnv())
          .as(v.toString())
          .noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
      assertThat(build.getEnvFrom()).as(v.toString()).noneMatch(e -> e.getSecretRef() != null);
    }
  }

  @Test
  void eachSecretIsMountedOnlyInTheStepThatNeedsIt() {
    for (Variant v : PodMatrix.all()) {
      Pod pod = v.pod();
      Map<String, Set<String>> stepsBySecret =
          secretVolumes(pod).stream()
              .collect(
                  Collectors.toMap(
                      Function.identity(),
                      secret ->
                          allContainers(pod).stream()
                              .filter(
                                  c ->
                                      c.getVolumeMounts().stream()
                                          .anyMatch(m -> m.getName().equals(secret)))
                              .map(Container::getName)
                              .collect(Collectors.toSet())));
      stepsBySecret.forEach(
          (secret, steps) -> {
            switch (secret) {
              case "git-credentials" -> assertThat(steps).as(v.toString()).containsOnly("source");
              case "registry-credentials" ->
                  assertThat(steps).as(v.toString()).containsOnly("pull", "push");
              default -> throw new AssertionError("unexpected secret volume " + secret);
            }
          });
      Set<String> secrets = secretVolumes(pod);
      allContainers(pod).stream()
          .flatMap(c -> c.getVolumeMounts().stream())
          .filter(m -> secrets.contains(m.getName()))
          .forEach(m -> assertThat(m.getReadOnly()).as(v + " " + m.getName()).isTrue());
    }
  }

  @Test
  void buildScratchSpaceIsSharedWithNoOtherStep() {
    for (Variant v : PodMatrix.all()) {
      Container build = container(v.pod(), BuilderPodLabels.BUILD);
      String tmp =
          build.getVolumeMounts().stream()
              .filter(m -> m.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow()
              .getName();
      assertThat(allContainers(v.pod()))
          .filteredOn(c -> !c.getName().equals(BuilderPodLabels.BUILD))
          .allSatisfy(c -> assertThat(c.getVolumeMounts()).noneMatch(m -> m.getName().equals(tmp)));
    }
  }

  static Set<String> secretVolumes(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(BuildStepSecretsTest::holdsSecret)
        .map(Volume::getName)
        .collect(Collectors.toSet());
  }

  private static boolean holdsSecret(Volume volume) {
    if (volume.getSecret() != null) {
      return true;
    }
    if (volume.getProjected() != null) {
      List<VolumeProjection> sources = volume.getProjected().getSources();
      return sources.stream().anyMatch(s -> s.getSecret() != null);
    }
    return false;
  }

  static Container container(Pod pod, String name) {
    return allContainers(pod).stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static List<Container> allContainers(Pod pod) {
    return java.util.stream.Stream.concat(
            pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
        .toList();
  }
}
