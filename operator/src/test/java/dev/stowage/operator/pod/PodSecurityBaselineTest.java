package dev.stowage.operator.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import dev.stowage.operator.pod.PodMatrix.Stores;
import dev.stowage.operator.pod.PodMatrix.Variant;
import dev.stowage.operator.testing.PodSecurityStandards;
import dev.stowage.operator.testing.PodSecurityStandards.Finding;
import dev.stowage.operator.testing.TestBuilds.SourceVariant;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodSecurityBaselineTest {

  @Test
  void everyPodWithoutAdminHostPathsPassesBaseline() {
    List<Variant> variants = PodMatrix.all().stream().filter(v -> !v.usesHostPath()).toList();
    assertThat(variants).hasSizeGreaterThan(200);
    for (Variant v : variants) {
      assertThat(PodSecurityStandards.baseline(v.pod())).as(v.toString()).isEmpty();
    }
  }

  /**
   * Host storage and hostPath stores are admin-only trade-offs: their one baseline finding is the
   * hostPath volume, so namespaces using them need the Pod Security level "privileged".
   */
  @Test
  void adminAllowedHostPathsAreTheOnlyBaselineFinding() {
    List<Variant> variants = PodMatrix.all().stream().filter(Variant::usesHostPath).toList();
    assertThat(variants).isNotEmpty();
    for (Variant v : variants) {
      List<Finding> findings = PodSecurityStandards.baseline(v.pod());
      assertThat(findings).as(v.toString()).isNotEmpty();
      assertThat(findings)
          .as(v.toString())
          .allSatisfy(f -> assertThat(f.control()).isEqualTo("HostPath Volumes"));
      int expected =
          (v.mode() == StorageMode.Host ? 1 : 0) + (v.stores() == Stores.HOST_PATH ? 1 : 0);
      assertThat(findings).as(v.toString()).hasSize(expected);
    }
  }

  @Test
  void fuseNeverComesFromAHostPath() {
    for (Variant v : PodMatrix.all()) {
      assertThat(v.pod().getSpec().getVolumes())
          .as(v.toString())
          .noneMatch(
              vol -> vol.getHostPath() != null && vol.getHostPath().getPath().startsWith("/dev"));
    }
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation(
            "HostProcess",
            p ->
                edit(p)
                    .editSpec()
                    .editSecurityContext()
                    .withNewWindowsOptions()
                    .withHostProcess(true)
                    .endWindowsOptions()
                    .endSecurityContext()
                    .endSpec()
                    .build()),
        violation(
            "Host Namespaces", p -> edit(p).editSpec().withHostNetwork(true).endSpec().build()),
        violation("Host Namespaces", p -> edit(p).editSpec().withHostPID(true).endSpec().build()),
        violation("Host Namespaces", p -> edit(p).editSpec().withHostIPC(true).endSpec().build()),
        violation(
            "Privileged Containers",
            p ->
                edit(p)
                    .editSpec()
                    .editFirstInitContainer()
                    .editSecurityContext()
                    .withPrivileged(true)
                    .endSecurityContext()
                    .endInitContainer()
                    .endSpec()
                    .build()),
        violation(
            "Capabilities",
            p ->
                edit(p)
                    .editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .editCapabilities()
                    .addToAdd("SYS_ADMIN")
                    .endCapabilities()
                    .endSecurityContext()
                    .endContainer()
                    .endSpec()
                    .build()),
        violation(
            "HostPath Volumes",
            p ->
                edit(p)
                    .editSpec()
                    .addToVolumes(
                        new VolumeBuilder()
                            .withName("fuse")
                            .withNewHostPath()
                            .withPath("/dev/fuse")
                            .endHostPath()
                            .build())
                    .endSpec()
                    .build()),
        violation(
            "Host Ports",
            p ->
                edit(p)
                    .editSpec()
                    .editFirstContainer()
                    .withPorts(
                        new ContainerPortBuilder().withContainerPort(80).withHostPort(80).build())
                    .endContainer()
                    .endSpec()
                    .build()),
        violation(
            "AppArmor",
            p ->
                edit(p)
                    .editMetadata()
                    .addToAnnotations(
                        "container.apparmor.security.beta.kubernetes.io/build", "unconfined")
                    .endMetadata()
                    .build()),
        violation(
            "AppArmor",
            p ->
                edit(p)
                    .editSpec()
                    .editSecurityContext()
                    .withNewAppArmorProfile()
                    .withType("Unconfined")
                    .endAppArmorProfile()
                    .endSecurityContext()
                    .endSpec()
                    .build()),
        violation(
            "SELinux",
            p ->
                edit(p)
                    .editSpec()
                    .editSecurityContext()
                    .withNewSeLinuxOptions()
                    .withType("spc_t")
                    .endSeLinuxOptions()
                    .endSecurityContext()
                    .endSpec()
                    .build()),
        violation(
            "/proc Mount Type",
            p ->
                edit(p)
                    .editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withProcMount("Unmasked")
                    .endSecurityContext()
                    .endContainer()
                    .endSpec()
                    .build()),
        violation(
            "Seccomp",
            p ->
                edit(p)
                    .editSpec()
                    .editSecurityContext()
                    .editSeccompProfile()
                    .withType("Unconfined")
                    .withLocalhostProfile(null)
                    .endSeccompProfile()
                    .endSecurityContext()
                    .endSpec()
                    .build()),
        violation(
            "Sysctls",
            p ->
                edit(p)
                    .editSpec()
                    .editSecurityContext()
                    .withSysctls(
                        new SysctlBuilder().withName("kernel.msgmax").withValue("1").build())
                    .endSecurityContext()
                    .endSpec()
                    .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void checkerReportsEachBaselineControl(String control, UnaryOperator<Pod> breakIt) {
    Pod good =
        PodMatrix.variant(
                SourceVariant.GIT,
                StorageMode.Ephemeral,
                FuseProvider.devicePlugin,
                SecurityMode.baseline,
                true,
                Stores.NONE)
            .pod();
    assertThat(PodSecurityStandards.baseline(good)).isEmpty();
    assertThat(PodSecurityStandards.baseline(breakIt.apply(good)))
        .extracting(Finding::control)
        .containsExactly(control);
  }

  private static Arguments violation(String control, UnaryOperator<Pod> breakIt) {
    return Arguments.of(control, breakIt);
  }

  private static PodBuilder edit(Pod pod) {
    return new PodBuilder(pod);
  }
}
