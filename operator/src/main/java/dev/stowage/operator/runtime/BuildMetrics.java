package dev.stowage.operator.runtime;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.reconcile.BuildListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Build metrics: {@code stowage_builds_total} by phase and reason, the {@code
 * stowage_build_duration_seconds} histogram, and gauges of active (Building) and queued (Pending)
 * builds.
 */
public final class BuildMetrics implements BuildListener {

  private final MeterRegistry registry;
  private final Timer duration;
  private final Map<String, Phase> unfinished = new ConcurrentHashMap<>();

  public BuildMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration =
        Timer.builder("stowage.build.duration")
            .description("Time from the start of the builder pod to the end of the build")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofSeconds(1))
            .maximumExpectedValue(Duration.ofHours(3))
            .register(registry);
    Gauge.builder("stowage.builds.active", this, m -> m.count(Phase.Building))
        .description("Builds whose builder pod is running")
        .register(registry);
    Gauge.builder("stowage.builds.queued", this, m -> m.count(Phase.Pending))
        .description("Builds waiting for a pod, a node, a retry or their project volume")
        .register(registry);
  }

  @Override
  public void observed(ImageBuild build, ImageBuildStatus status) {
    if (status == null || status.phase() == null || status.phase().isFinal()) {
      unfinished.remove(key(build));
    } else {
      unfinished.put(key(build), status.phase());
    }
  }

  @Override
  public void transitioned(ImageBuild build, ImageBuildStatus previous, ImageBuildStatus current) {
    if (current.phase() == null || !current.phase().isFinal()) {
      return;
    }
    Counter.builder("stowage.builds")
        .description("Finished builds by phase and reason")
        .tag("phase", current.phase().name())
        .tag("reason", current.reason() == null ? "none" : current.reason().name())
        .register(registry)
        .increment();
    Duration took = between(current.startTime(), current.completionTime());
    if (took != null) {
      duration.record(took);
    }
  }

  @Override
  public void deleted(ImageBuild build) {
    unfinished.remove(key(build));
  }

  private double count(Phase phase) {
    return unfinished.values().stream().filter(phase::equals).count();
  }

  private static String key(ImageBuild build) {
    return build.getMetadata().getNamespace() + "/" + build.getMetadata().getName();
  }

  private static Duration between(String start, String end) {
    if (start == null || end == null) {
      return null;
    }
    try {
      Duration d = Duration.between(Instant.parse(start), Instant.parse(end));
      return d.isNegative() ? null : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
