package dev.stowage.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checked-in CRD copies must equal what the API classes generate, byte for byte. */
class CrdDriftTest {

  private static final String FILE = "imagebuilds.stowage.dev-v1.yml";
  private static final String HINT =
      "CRD drift: run ./mvnw -pl operator -Pupdate-crds process-classes";

  @ParameterizedTest
  @ValueSource(strings = {"crds", "helm/stowage/crds"})
  void checkedInCrdEqualsTheGeneratedOne(String directory) throws Exception {
    Path generated = CrdSchema.generatedDir().resolve(FILE);
    Path checkedIn =
        Path.of(System.getProperty("stowage.repoRoot")).resolve(directory).resolve(FILE);
    assertThat(Files.exists(checkedIn)).as(HINT + " (%s is missing)", checkedIn).isTrue();
    byte[] expected = Files.readAllBytes(generated);
    byte[] actual = Files.readAllBytes(checkedIn);
    assertThat(actual).as(HINT + " (%s differs from %s)", checkedIn, generated).isEqualTo(expected);
  }
}
