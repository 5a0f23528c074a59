package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChmodSpecTest {

  @Test
  void octalModesReplaceThePermissions() {
    assertThat(ChmodSpec.parse("0750").applyTo(0644, false)).isEqualTo(0750);
    assertThat(ChmodSpec.parse("4755").applyTo(0644, false)).isEqualTo(04755);
  }

  @Test
  void symbolicModesChangeThePermissions() {
    assertThat(ChmodSpec.parse("u+x,go-w").applyTo(0666, false)).isEqualTo(0744);
    assertThat(ChmodSpec.parse("a=rX").applyTo(0600, true)).isEqualTo(0555);
    assertThat(ChmodSpec.parse("a=rX").applyTo(0600, false)).isEqualTo(0444);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> ChmodSpec.parse("u*x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--chmod");
  }
}
