package dev.stowage.engine.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MountTableTest {

  @Test
  void mountinfoOctalEscapesAreDecoded() {
    assertThat(MountTable.unescape("/var/lib/my\\040store")).isEqualTo("/var/lib/my store");
    assertThat(MountTable.unescape("/a\\134b\\011c")).isEqualTo("/a\\b\tc");
    assertThat(MountTable.unescape("/plain")).isEqualTo("/plain");
  }
}
