package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NOTES.txt tells the installer what the chosen values still need from the cluster. */
class HelmChartNotesTest {

  private static Helm helm;
  private static ChartLocation location;

  @BeforeAll
  static void helm() {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
  }

  @Test
  void defaultNotesExplainHowToCheckTheFuseResource() {
    String notes = notes();
    assertThat(notes)
        .contains("Watching:     all namespaces (RBAC scope: cluster)")
        .contains("status.allocatable.github\\.com/fuse")
        .contains("config.fuse.provider=none")
        .doesNotContain("seccomp")
        .doesNotContain("WARNING");
  }

  @Test
  void usernsNotesSayWhereTheSeccompProfileMustBe() {
    assertThat(notes("--set", "config.securityMode=userns"))
        .contains("<kubelet root>/seccomp/stowage-userns.json")
        .contains("Copy it from ConfigMap stowage-seccomp");
    assertThat(notes("-f", location.resource("values-seccomp-installer.yaml").toString()))
        .contains("stowage-seccomp-installer copies it")
        .contains("Pod Security \"privileged\"");
    assertThat(notes("-f", location.resource("values-seccomp-spo.yaml").toString()))
        .contains("operator/stowage-system/stowage-userns.json")
        .contains("Security Profiles Operator");
  }

  @Test
  void hostStorageIsFlaggedAsAWarning() {
    assertThat(
            notes(
                "--set", "config.storage.allowedModes={Ephemeral,Host}",
                "--set", "config.storage.allowedHostPaths={/var/lib/stowage}"))
        .contains("WARNING: Host storage is allowed (/var/lib/stowage)");
  }

  private static String notes(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "install",
                ChartLocation.RELEASE,
                location.chart().toString(),
                "--namespace",
                ChartLocation.NAMESPACE,
                "--dry-run=client"));
    args.addAll(List.of(flags));
    String out = helm.succeed(args);
    int start = out.indexOf("NOTES:");
    assertThat(start).as("helm install --dry-run prints NOTES").isNotNegative();
    return out.substring(start);
  }
}
