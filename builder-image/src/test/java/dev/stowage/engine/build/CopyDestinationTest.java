package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CopyDestinationTest {

  @Test
  void relativeDestinationsAreRelativeToWorkdir() {
    assertThat(CopyDestination.of("/app", "sub/file", 1).path()).isEqualTo("/app/sub/file");
    assertThat(CopyDestination.of(null, "file", 1).path()).isEqualTo("/file");
    assertThat(CopyDestination.of("/app", "/abs", 1).path()).isEqualTo("/abs");
  }

  @Test
  void trailingSlashOrDotMakesTheDestinationADirectory() {
    assertThat(CopyDestination.of("/", "/opt/", 1).targetFor("a.sh", false, false))
        .isEqualTo("/opt/a.sh");
    assertThat(CopyDestination.of("/app", ".", 1).targetFor("a.sh", false, false))
        .isEqualTo("/app/a.sh");
    assertThat(CopyDestination.of("/", "/", 1).targetFor("a.sh", false, true)).isEqualTo("/a.sh");
  }

  @Test
  void aFileWithoutTrailingSlashIsRenamedUnlessTheDestinationIsAnExistingDirectory() {
    CopyDestination d = CopyDestination.of("/", "/opt/tool", 1);

    assertThat(d.targetFor("a.sh", false, false)).isEqualTo("/opt/tool");
    assertThat(d.targetFor("a.sh", false, true)).isEqualTo("/opt/tool/a.sh");
  }

  @Test
  void directorySourcesCopyTheirContentsIntoTheDestination() {
    assertThat(CopyDestination.of("/", "/data", 1).targetFor("dir", true, false))
        .isEqualTo("/data");
    assertThat(CopyDestination.of("/", "/data/", 1).targetFor("dir", true, true))
        .isEqualTo("/data");
  }

  @Test
  void severalSourcesNeedADirectoryDestination() {
    assertThatThrownBy(() -> CopyDestination.of("/", "/opt", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end with a /");
    assertThat(CopyDestination.of("/", "/opt/", 2).path()).isEqualTo("/opt");
  }

  @Test
  void dotDotNeverClimbsAboveTheRoot() {
    assertThat(CopyDestination.of("/app", "../../../etc/x", 1).path()).isEqualTo("/etc/x");
    assertThat(CopyDestination.clean("//a/./b/../c/")).isEqualTo("/a/c");
  }
}
