package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default {@code helm template} output, byte for byte. CRDs are not part of it (helm template
 * leaves crds/ out unless asked); the CRD has its own drift test. UPDATE_GOLDEN=1 rewrites it.
 */
class HelmChartGoldenTest {

  private static Helm helm;
  private static ChartLocation location;

  @BeforeAll
  static void helm() {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
  }

  @Test
  void defaultTemplateMatchesGoldenFile() throws Exception {
    String rendered = helm.succeed(RenderedChart.templateArgs(location));
    assertThat(rendered).doesNotContain("kind: CustomResourceDefinition");
    Path golden = location.resource("golden-default.yaml");
    if ("1".equals(System.getenv("UPDATE_GOLDEN"))) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, rendered, StandardCharsets.UTF_8);
    }
    assertThat(golden)
        .as("golden file missing: run with UPDATE_GOLDEN=1 once and review the diff")
        .exists();
    assertThat(rendered)
        .as("helm template differs from %s; if intended, rerun with UPDATE_GOLDEN=1", golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
