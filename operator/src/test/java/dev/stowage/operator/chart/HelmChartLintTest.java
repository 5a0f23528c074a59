package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm lint} and the values schema, with the real helm binary. */
class HelmChartLintTest {

  private static Helm helm;
  private static ChartLocation location;

  @BeforeAll
  static void helm() {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
  }

  @Test
  void lintPasses() {
    assertThat(lint()).contains("0 chart(s) failed");
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
  void strictLintPassesWithEveryValuesVariant(String valuesFile) {
    List<String> flags = new ArrayList<>(List.of("--strict"));
    if (!valuesFile.isEmpty()) {
      flags.addAll(List.of("-f", location.resource(valuesFile).toString()));
    }
    assertThat(lint(flags.toArray(String[]::new))).contains("0 chart(s) failed");
  }

  @Test
  void schemaRejectsAnUnknownRbacScope() {
    assertThat(template("--set", "rbac.scope=everything").stderr())
        .contains("/rbac/scope")
        .contains("cluster");
  }

  @Test
  void schemaRejectsAMistypedKey() {
    assertThat(template("--set", "replicas=2").stderr()).contains("replicas");
  }

  @Test
  void schemaRejectsAnUnknownSecurityMode() {
    assertThat(template("--set", "config.securityMode=privileged").stderr())
        .contains("/config/securityMode");
  }

  @Test
  void namespacedScopeNeedsTheNamespacesToWatch() {
    assertThat(template("--set", "rbac.scope=namespaced").stderr())
        .contains("needs the namespaces to watch in watchNamespaces");
  }

  @Test
  void hostStorageNeedsAllowedHostPaths() {
    assertThat(template("--set", "config.storage.allowedModes={Ephemeral,Host}").stderr())
        .contains("allowedHostPaths is empty");
  }

  @Test
  void serviceMonitorNeedsTheMetricsService() {
    assertThat(
            template(
                    "--set", "metrics.serviceMonitor.enabled=true",
                    "--set", "metrics.service.enabled=false")
                .stderr())
        .contains("needs metrics.service.enabled");
  }

  @Test
  void missingHelmFailsWithTheSetupCommand() {
    assertThatThrownBy(() -> Helm.fromEnvironment(java.util.Map.of(), Path.of("unused")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STOWAGE_HELM is not set")
        .hasMessageContaining("bash scripts/test.sh");
  }

  private String lint(String... flags) {
    List<String> args = new ArrayList<>(List.of("lint", location.chart().toString()));
    args.addAll(List.of(flags));
    return helm.succeed(args);
  }

  private ExternalCommand.Result template(String... flags) {
    List<String> args = new ArrayList<>(RenderedChart.templateArgs(location));
    args.addAll(List.of(flags));
    ExternalCommand.Result result = helm.run(args);
    assertThat(result.exitCode()).as("helm template %s must fail", List.of(flags)).isNotZero();
    return result;
  }
}
