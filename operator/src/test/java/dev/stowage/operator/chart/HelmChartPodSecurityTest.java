package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.testing.PodSecurityStandards;
import dev.stowage.operator.testing.PodSecurityStandards.Finding;
import dev.stowage.operator.testing.PodSecurityStandards.Level;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator pod passes Pod Security "restricted" in every configuration the chart offers. */
class HelmChartPodSecurityTest {

  private static Helm helm;
  private static ChartLocation location;

  @BeforeAll
  static void helm() {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "values-namespaced.yaml",
        "values-servicemonitor.yaml",
        "values-seccomp-installer.yaml",
        "values-seccomp-spo.yaml"
      })
  void operatorPodPassesRestricted(String valuesFile) {
    List<String> flags = new ArrayList<>();
    if (!valuesFile.isEmpty()) {
      flags.addAll(List.of("-f", location.resource(valuesFile).toString()));
    }
    Deployment deployment =
        RenderedChart.render(helm, location, flags.toArray(String[]::new))
            .one("Deployment", Deployment.class);
    assertThat(PodSecurityStandards.restricted(deployment.getSpec().getTemplate())).isEmpty();
  }

  @Test
  void operatorPodStaysRestrictedWithUserSuppliedExtras() {
    Deployment deployment =
        RenderedChart.render(
                helm,
                location,
                "--set",
                "podAnnotations.example\\.com/team=builds",
                "--set",
                "extraEnv[0].name=LOG_LEVEL",
                "--set",
                "extraEnv[0].value=debug",
                "--set",
                "imagePullSecrets={ghcr}")
            .one("Deployment", Deployment.class);
    assertThat(PodSecurityStandards.restricted(deployment.getSpec().getTemplate())).isEmpty();
  }

  @Test
  void seccompInstallerBreaksOnlyTheRulesItsHostPathAndRootUserNeed() {
    DaemonSet installer =
        RenderedChart.render(
                helm, location, "-f", location.resource("values-seccomp-installer.yaml").toString())
            .one("DaemonSet", DaemonSet.class);
    // The documented trade-off: a hostPath and uid 0; every other restricted rule still holds.
    assertThat(PodSecurityStandards.restricted(installer.getSpec().getTemplate()))
        .containsExactlyInAnyOrder(
            new Finding(Level.BASELINE, "HostPath Volumes", "spec.volumes[1].hostPath"),
            new Finding(Level.RESTRICTED, "Volume Types", "spec.volumes[1].hostPath"),
            new Finding(
                Level.RESTRICTED, "Running as Non-root user", "spec.securityContext.runAsUser"),
            new Finding(
                Level.RESTRICTED,
                "Running as Non-root",
                "spec.containers[0].securityContext.runAsNonRoot"));
  }
}
