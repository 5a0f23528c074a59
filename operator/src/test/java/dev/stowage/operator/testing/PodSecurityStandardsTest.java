package dev.stowage.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stowage.operator.testing.PodSecurityStandards.Finding;
import dev.stowage.operator.testing.PodSecurityStandards.Level;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rule checker itself: each control must catch what it is meant to catch. */
class PodSecurityStandardsTest {

  private static final String MAIN = "spec.containers[0].securityContext";

  @Test
  void lockedDownPodPassesRestricted() {
    assertThat(PodSecurityStandards.restricted(lockedDown().build())).isEmpty();
  }

  @Test
  void privilegedHostPodBreaksBaseline() {
    PodTemplateSpec pod =
        lockedDown()
            .editSpec()
            .withHostNetwork(true)
            .withHostPID(true)
            .addNewVolume()
            .withName("host")
            .withNewHostPath()
            .withPath("/var/lib/containers")
            .endHostPath()
            .endVolume()
            .editFirstContainer()
            .editSecurityContext()
            .withPrivileged(true)
            .withNewCapabilities()
            .addToAdd("SYS_ADMIN")
            .endCapabilities()
            .withProcMount("Unmasked")
            .withNewSeccompProfile()
            .withType("Unconfined")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewPort()
            .withContainerPort(80)
            .withHostPort(80)
            .endPort()
            .endContainer()
            .endSpec()
            .build();
    assertThat(PodSecurityStandards.baseline(pod))
        .containsExactlyInAnyOrder(
            baseline("Host Namespaces", "spec.hostNetwork"),
            baseline("Host Namespaces", "spec.hostPID"),
            baseline("HostPath Volumes", "spec.volumes[1].hostPath"),
            baseline("Privileged Containers", MAIN + ".privileged"),
            baseline("Capabilities", MAIN + ".capabilities.add[SYS_ADMIN]"),
            baseline("/proc Mount Type", MAIN + ".procMount"),
            baseline("Seccomp", MAIN + ".seccompProfile.type"),
            baseline("Host Ports", "spec.containers[0].ports.hostPort"));
  }

  @Test
  void baselineBuilderCapabilitiesPassBaselineButNotRestricted() {
    PodTemplateSpec pod =
        lockedDown()
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withNewCapabilities()
            .addToDrop("ALL")
            .addToAdd("CHOWN", "SETUID", "SYS_CHROOT")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThat(PodSecurityStandards.baseline(pod)).isEmpty();
    assertThat(PodSecurityStandards.restricted(pod))
        .containsExactlyInAnyOrder(
            restricted("Capabilities", MAIN + ".capabilities.add[CHOWN]"),
            restricted("Capabilities", MAIN + ".capabilities.add[SETUID]"),
            restricted("Capabilities", MAIN + ".capabilities.add[SYS_CHROOT]"));
  }

  @Test
  void restrictedCatchesRootEscalationMissingSeccompAndForeignVolumes() {
    PodTemplateSpec pod =
        lockedDown()
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(0L)
            .endSecurityContext()
            .addNewVolume()
            .withName("nfs")
            .withNewNfs()
            .withServer("nfs.example.com")
            .withPath("/exports")
            .endNfs()
            .endVolume()
            .editFirstContainer()
            .withNewSecurityContext()
            .withNewCapabilities()
            .addToAdd("NET_BIND_SERVICE")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThat(PodSecurityStandards.restricted(pod))
        .containsExactlyInAnyOrder(
            restricted("Volume Types", "spec.volumes[1].nfs"),
            restricted("Running as Non-root user", "spec.securityContext.runAsUser"),
            restricted("Privilege Escalation", MAIN + ".allowPrivilegeEscalation"),
            restricted("Running as Non-root", MAIN + ".runAsNonRoot"),
            restricted("Seccomp", MAIN + ".seccompProfile.type"),
            restricted("Capabilities", MAIN + ".capabilities.drop"));
  }

  @Test
  void containerMayNotOptOutOfPodLevelNonRoot() {
    PodTemplateSpec pod =
        lockedDown()
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withRunAsNonRoot(false)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThat(PodSecurityStandards.restricted(pod))
        .containsExactly(restricted("Running as Non-root", MAIN + ".runAsNonRoot"));
  }

  @Test
  void ephemeralContainersAreCheckedToo() {
    PodTemplateSpec pod =
        lockedDown()
            .editSpec()
            .addNewEphemeralContainer()
            .withName("debug")
            .withImage("example.com/debug:1")
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endEphemeralContainer()
            .endSpec()
            .build();
    assertThat(PodSecurityStandards.baseline(pod))
        .containsExactly(
            baseline(
                "Privileged Containers", "spec.ephemeralContainers[0].securityContext.privileged"));
  }

  static Stream<Arguments> restrictedViolations() {
    return Stream.of(
        violation(
            "Volume Types",
            p ->
                p.editSpec()
                    .addNewVolume()
                    .withName("nfs")
                    .withNewNfs()
                    .withServer("nfs.example.com")
                    .withPath("/exports")
                    .endNfs()
                    .endVolume()
                    .endSpec()),
        violation(
            "Privilege Escalation",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withAllowPrivilegeEscalation(true)
                    .endSecurityContext()
                    .endContainer()
                    .endSpec()),
        violation(
            "Running as Non-root",
            p ->
                p.editSpec()
                    .editSecurityContext()
                    .withRunAsNonRoot(false)
                    .endSecurityContext()
                    .endSpec()),
        violation(
            "Running as Non-root user",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withRunAsUser(0L)
                    .endSecurityContext()
                    .endContainer()
                    .endSpec()),
        violation(
            "Seccomp",
            p ->
                p.editSpec()
                    .editSecurityContext()
                    .withSeccompProfile(null)
                    .endSecurityContext()
                    .endSpec()),
        violation(
            "Capabilities",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .editCapabilities()
                    .addToAdd("CHOWN")
                    .endCapabilities()
                    .endSecurityContext()
                    .endContainer()
                    .endSpec()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("restrictedViolations")
  void checkerReportsEachRestrictedControl(
      String control, UnaryOperator<PodTemplateSpecBuilder> breakIt) {
    assertThat(PodSecurityStandards.restricted(lockedDown().build())).isEmpty();
    PodTemplateSpec broken = breakIt.apply(lockedDown()).build();
    assertThat(PodSecurityStandards.baseline(broken)).isEmpty();
    assertThat(PodSecurityStandards.restricted(broken))
        .extracting(Finding::level, Finding::control)
        .containsExactly(tuple(Level.RESTRICTED, control));
  }

  private static Arguments violation(String control, UnaryOperator<PodTemplateSpecBuilder> edit) {
    return Arguments.of(control, edit);
  }

  private static Finding baseline(String control, String field) {
    return new Finding(Level.BASELINE, control, field);
  }

  private static Finding restricted(String control, String field) {
    return new Finding(Level.RESTRICTED, control, field);
  }

  private static PodTemplateSpecBuilder lockedDown() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(1000L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewContainer()
        .withName("main")
        .withImage("example.com/app:1")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec();
  }
}
