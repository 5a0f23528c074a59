package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

/** The rule checker itself: each rule must catch what it is meant to catch. */
class PodSecurityStandardsTest {

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
        .anyMatch(v -> v.startsWith("baseline/HostNamespaces: hostNetwork"))
        .anyMatch(v -> v.startsWith("baseline/HostNamespaces: hostPID"))
        .anyMatch(v -> v.startsWith("baseline/HostPathVolumes"))
        .anyMatch(v -> v.startsWith("baseline/Privileged"))
        .anyMatch(v -> v.contains("adds SYS_ADMIN"))
        .anyMatch(v -> v.startsWith("baseline/ProcMount"))
        .anyMatch(v -> v.startsWith("baseline/Seccomp"))
        .anyMatch(v -> v.startsWith("baseline/HostPorts"));
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
            "restricted/Capabilities: container main adds CHOWN",
            "restricted/Capabilities: container main adds SETUID",
            "restricted/Capabilities: container main adds SYS_CHROOT");
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
            "restricted/VolumeTypes: volume nfs is nfs",
            "restricted/RunAsUser: pod runAsUser 0",
            "restricted/PrivilegeEscalation: container main does not set it to false",
            "restricted/RunAsNonRoot: container main",
            "restricted/Seccomp: container main has no RuntimeDefault or Localhost profile",
            "restricted/Capabilities: container main does not drop ALL");
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
        .containsExactly("restricted/RunAsNonRoot: container main");
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
