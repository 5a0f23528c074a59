package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the status this operator last wrote per build, for the short time until the informer
 * cache shows it. A reconcile triggered by a pod event in that window would otherwise see the
 * status before the write, and repeat the write, the Event and the metrics of the transition.
 */
final class RecentStatusWrites {

  /** After this, the cache is trusted again whatever it shows. */
  private static final Duration TTL = Duration.ofSeconds(30);

  private final Map<String, Entry> byUid = new ConcurrentHashMap<>();
  private final Clock clock;

  RecentStatusWrites(Clock clock) {
    this.clock = clock;
  }

  /**
   * The status to start from: our own recent write while the cache still shows what it replaced,
   * else the cached one.
   *
   * @param retrying whether JOSDK retries after an error (the write may not have happened)
   */
  ImageBuildStatus current(ImageBuild build, boolean retrying) {
    String uid = build.getMetadata().getUid();
    ImageBuildStatus seen = build.getStatus();
    Entry entry = uid == null ? null : byUid.get(uid);
    if (entry == null) {
      return seen;
    }
    boolean stale =
        !retrying
            && clock.instant().isBefore(entry.at().plus(TTL))
            && Objects.equals(seen, entry.before());
    if (!stale) {
      byUid.remove(uid, entry);
      return seen;
    }
    return entry.after();
  }

  /** Records that {@code after} replaces {@code before} on the build. */
  void wrote(ImageBuild build, ImageBuildStatus before, ImageBuildStatus after) {
    if (build.getMetadata().getUid() != null) {
      byUid.put(build.getMetadata().getUid(), new Entry(before, after, clock.instant()));
    }
  }

  void forget(ImageBuild build) {
    if (build.getMetadata().getUid() != null) {
      byUid.remove(build.getMetadata().getUid());
    }
  }

  private record Entry(ImageBuildStatus before, ImageBuildStatus after, Instant at) {}
}
