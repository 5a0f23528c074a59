package dev.stowage.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.operator.api.PrinterColumnOrder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubectl shows printer columns in list order: Phase first, Age last. */
class PrinterColumnOrderTest {

  private static final String SORTED_BY_PATH =
      """
      spec:
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".a"
            name: "A"
            type: "date"
          - jsonPath: ".b"
            name: "B"
          - jsonPath: ".c"
            name: "C"
          name: "v1alpha1"
      """;

  @Test
  void generatedCrdListsPhaseImageDigestAge() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdSchema.generatedDir().resolve("imagebuilds.stowage.dev-v1.yml")),
            CustomResourceDefinition.class);
    assertThat(crd.getSpec().getVersions().getFirst().getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Phase", "Image", "Digest", "Age");
  }

  @Test
  void declaredOrderIsPhaseImageDigestAge() {
    assertThat(PrinterColumnOrder.declaredJsonPaths())
        .containsExactly(
            ".status.phase",
            ".spec.output.image",
            ".status.image.shortDigest",
            ".metadata.creationTimestamp");
  }

  @Test
  void reorderMovesWholeEntriesAndKeepsTheRest() {
    assertThat(PrinterColumnOrder.reorder(SORTED_BY_PATH, List.of(".c", ".a", ".b")))
        .isEqualTo(
            """
            spec:
              versions:
              - additionalPrinterColumns:
                - jsonPath: ".c"
                  name: "C"
                - jsonPath: ".a"
                  name: "A"
                  type: "date"
                - jsonPath: ".b"
                  name: "B"
                name: "v1alpha1"
            """);
  }

  @Test
  void reorderRejectsAColumnNotDeclared() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder(SORTED_BY_PATH, List.of(".a", ".b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(".c");
  }

  @Test
  void reorderRejectsACrdWithoutPrinterColumns() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder("spec: {}\n", List.of()))
        .isInstanceOf(IllegalStateException.class);
  }
}
