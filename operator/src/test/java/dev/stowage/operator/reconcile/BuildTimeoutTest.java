package dev.stowage.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildTimeoutTest {

  @Test
  void parsesHoursMinutesAndSecondsInAnyCombination() {
    assertThat(BuildTimeout.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(BuildTimeout.parse("45m")).isEqualTo(Duration.ofMinutes(45));
    assertThat(BuildTimeout.parse("2h0m5s")).isEqualTo(Duration.ofHours(2).plusSeconds(5));
  }

  @Test
  void rejectsOtherFormsNamingTheExpectedOne() {
    assertThatThrownBy(() -> BuildTimeout.parse("30 minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1h30m");
    assertThatThrownBy(() -> BuildTimeout.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryBackoffDoublesUpToItsMaximum() {
    RetryBackoff backoff = RetryBackoff.STANDARD;

    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.after(10)).isEqualTo(Duration.ofMinutes(5));
  }
}
