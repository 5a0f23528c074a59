package dev.stowage.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepFailureTest {

  @ParameterizedTest(name = "{0} exit {1}: {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SOURCE | 2 | repository not found: https://git.example/x.git | SourceFetchFailed",
        "SOURCE | 3 | authentication required | SourceFetchFailed",
        "PULL   | 2 | manifest unknown: debian:nope | BaseImagePullFailed",
        "PULL   | 3 | 401 Unauthorized from registry | BaseImagePullFailed",
        "BUILD  | 2 | Containerfile:3: unknown instruction: RUNN | InvalidContainerfile",
        "BUILD  | 2 | Containerfile:7: COPY failed: file not found in context: app.jar"
            + " | InvalidContainerfile",
        "BUILD  | 2 | Containerfile:4: RUN apt-get install -y foo: exit status 100 | BuildFailed",
        "BUILD  | 2 | process \"/bin/sh -c make\" returned a non-zero code: 2 | BuildFailed",
        "BUILD  | 3 | Containerfile:5: ADD https://example/x.tgz: connection refused"
            + " | SourceFetchFailed",
        "PUSH   | 3 | 401 Unauthorized: authentication required | RegistryAuthFailed",
        "PUSH   | 3 | denied: requested access to the resource is denied | RegistryAuthFailed",
        "PUSH   | 3 | connection refused: registry.example:443 | PushFailed",
        "PUSH   | 2 | invalid reference format | PushFailed",
        "BUILD  | 4 | cannot open /dev/fuse: no such device | FuseUnavailable",
        "BUILD  | 4 | unshare: operation not permitted | EnvironmentError",
        "PULL   | 1 | NullPointerException in layer store | InternalError",
        "BUILD  | 137 | killed | InternalError",
      })
  void exitCodeAndMessageGiveTheReason(Step step, int exit, String message, Reason expected) {
    assertThat(StepFailure.parse(step, exit, "Error", message).reason()).isEqualTo(expected);
  }

  @Test
  void oomKilledIsOutOfMemoryWhateverTheExitCode() {
    StepFailure failure = StepFailure.parse(Step.BUILD, 137, "OOMKilled", "");

    assertThat(failure.reason()).isEqualTo(Reason.OutOfMemory);
    assertThat(failure.describe()).contains("build").contains("out of memory");
  }

  @Test
  void jsonMessageRefinesTheReasonWithinTheStepsVocabulary() {
    StepFailure failure =
        StepFailure.parse(
            Step.BUILD,
            2,
            "Error",
            "{\"reason\":\"BuildFailed\",\"message\":\"Containerfile:9: RUN make: exit 2\"}");

    assertThat(failure.reason()).isEqualTo(Reason.BuildFailed);
    assertThat(failure.message()).isEqualTo("Containerfile:9: RUN make: exit 2");
  }

  @Test
  void pullStepReportsABrokenContainerfileAsInvalidContainerfile() {
    StepFailure failure =
        StepFailure.parse(
            Step.PULL,
            2,
            "Error",
            "{\"error\":2,\"reason\":\"InvalidContainerfile\",\"message\":\"Containerfile:3: unknown instruction FORM\"}");

    assertThat(failure.reason()).isEqualTo(Reason.InvalidContainerfile);
  }

  @Test
  void engineOutOfHeapIsOutOfMemoryNotAnEnvironmentError() {
    // the engine's failure line when its JVM runs out of heap: exit 4, not killed by the kernel
    StepFailure failure =
        StepFailure.parse(
            Step.BUILD,
            4,
            "Error",
            "{\"error\":4,\"reason\":\"OutOfMemory\",\"message\":\"Java heap space\"}");

    assertThat(failure.reason()).isEqualTo(Reason.OutOfMemory);
  }

  @Test
  void jsonReasonOutsideTheStepsVocabularyIsIgnored() {
    StepFailure failure =
        StepFailure.parse(Step.BUILD, 2, "Error", "{\"reason\":\"PodEvicted\",\"message\":\"x\"}");

    assertThat(failure.reason()).isEqualTo(Reason.InvalidContainerfile);
  }

  @Test
  void onlyTheLastLineOfPlainTextCounts() {
    StepFailure failure =
        StepFailure.parse(
            Step.PUSH, 3, "Error", "retrying upload\nretrying upload\nmanifest invalid\n");

    assertThat(failure.message()).isEqualTo("manifest invalid");
    assertThat(failure.describe()).isEqualTo("step push failed with exit code 3: manifest invalid");
  }
}
