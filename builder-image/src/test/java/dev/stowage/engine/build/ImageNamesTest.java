package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageNamesTest {

  @Test
  void shortTagsLiveUnderLocalhostWithLatest() {
    assertThat(ImageNames.forTag("app")).isEqualTo("localhost/app:latest");
    assertThat(ImageNames.forTag("team/app:1")).isEqualTo("localhost/team/app:1");
    assertThat(ImageNames.forTag("registry.example:5000/app"))
        .isEqualTo("registry.example:5000/app:latest");
  }

  @Test
  void lookupsTryLocalhostAndDockerHubForms() {
    assertThat(ImageNames.lookupCandidates("busybox"))
        .containsExactly(
            "busybox",
            "busybox:latest",
            "localhost/busybox:latest",
            "docker.io/library/busybox:latest");
  }
}
