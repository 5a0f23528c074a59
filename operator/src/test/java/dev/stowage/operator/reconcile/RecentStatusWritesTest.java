package dev.stowage.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentStatusWritesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
  private final RecentStatusWrites writes = new RecentStatusWrites(clock);
  private final ImageBuildStatus pending = status(Phase.Pending);
  private final ImageBuildStatus building = status(Phase.Building);

  @Test
  void staleCacheShowingTheReplacedStatusYieldsOurWrite() {
    ImageBuild build = build(pending);
    writes.wrote(build, pending, building);

    assertThat(writes.current(build(pending), false)).isEqualTo(building);
  }

  @Test
  void cacheThatCaughtUpOrChangedOtherwiseWins() {
    writes.wrote(build(pending), pending, building);
    ImageBuildStatus failed = status(Phase.Failed);

    assertThat(writes.current(build(failed), false)).isEqualTo(failed);
    assertThat(writes.current(build(pending), false)).isEqualTo(pending);
  }

  @Test
  void retryOrExpiryDistrustsTheRememberedWrite() {
    writes.wrote(build(pending), pending, building);
    assertThat(writes.current(build(pending), true)).isEqualTo(pending);

    writes.wrote(build(pending), pending, building);
    clock.advance(Duration.ofMinutes(1));
    assertThat(writes.current(build(pending), false)).isEqualTo(pending);
  }

  private static ImageBuild build(ImageBuildStatus status) {
    ImageBuild build = BuildFixtures.imageBuild("ns", "b");
    build.getMetadata().setUid("uid-1");
    build.setStatus(status);
    return build;
  }

  private static ImageBuildStatus status(Phase phase) {
    return new ImageBuildStatus(
        phase, null, 1L, "p", "r", 1, null, null, null, null, null, null, null, null, null);
  }
}
