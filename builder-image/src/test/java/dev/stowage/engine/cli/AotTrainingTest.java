package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {

  @TempDir Path dir;

  @Test
  void trainingRunsEveryCommandIncludingThePushAndPullThroughTheLoopbackRegistry()
      throws Exception {
    // 5 local commands (2 builds, pull, 2 exports), 2 pushes and a pull through TrainingRegistry
    // (none where no loopback socket opens), 2 builds of the whole file
    assertThat(AotTraining.run(dir)).isEqualTo(10);
  }
}
