package dev.stowage.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DestinationTest {

  @Test
  void ociArchiveNamesAFileAndOptionallyTheImageName() {
    assertThat(Destination.parse("oci-archive:/tmp/out.tar"))
        .isEqualTo(new Destination.OciArchive(Path.of("/tmp/out.tar"), Optional.empty()));
    assertThat(Destination.parse("oci-archive:out.tar:localhost/app:1"))
        .isEqualTo(new Destination.OciArchive(Path.of("out.tar"), Optional.of("localhost/app:1")));
  }

  @Test
  void ociArchiveWithoutAPathIsRefused() {
    assertThatThrownBy(() -> Destination.parse("oci-archive:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no path");
  }

  @Test
  void ociLayoutAndDockerArchiveStillParseAsBefore() {
    assertThat(Destination.parse("oci:/tmp/layout:latest"))
        .isEqualTo(new Destination.OciLayout(Path.of("/tmp/layout"), Optional.of("latest")));
    assertThat(Destination.parse("docker-archive:/tmp/a.tar"))
        .isEqualTo(new Destination.DockerArchive(Path.of("/tmp/a.tar"), Optional.empty()));
  }
}
