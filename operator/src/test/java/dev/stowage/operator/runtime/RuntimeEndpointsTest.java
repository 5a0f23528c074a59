package dev.stowage.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RuntimeEndpointsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BuildMetrics metrics = new BuildMetrics(registry);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metricsCountFinishedBuildsByReasonAndGaugeUnfinishedOnes() {
    ImageBuild a = build("a");
    ImageBuild b = build("b");
    ImageBuild c = build("c");
    metrics.observed(a, status(Phase.Pending, null, null, null));
    metrics.observed(b, status(Phase.Building, null, "2026-11-28T08:00:00Z", null));
    ImageBuildStatus done =
        status(
            Phase.Succeeded, Reason.BuildSucceeded, "2026-11-28T08:00:00Z", "2026-11-28T08:02:00Z");
    metrics.observed(c, done);
    metrics.transitioned(c, null, done);

    String text = registry.scrape();

    assertThat(text).contains("stowage_builds_queued 1.0").contains("stowage_builds_active 1.0");
    assertThat(text)
        .contains("stowage_builds_total{phase=\"Succeeded\",reason=\"BuildSucceeded\"} 1.0");
    assertThat(text).contains("stowage_build_duration_seconds_count 1");

    metrics.deleted(a);
    assertThat(registry.scrape()).contains("stowage_builds_queued 0.0");
  }

  @Test
  void probesAnswerFromTheirChecksAndMetricsFromTheRegistry() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HttpEndpoints endpoints = HttpEndpoints.start(0, 0, () -> true, ready::get, registry)) {
      assertThat(get(endpoints.healthPort(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(endpoints.healthPort(), "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(endpoints.healthPort(), "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> scraped = get(endpoints.metricsPort(), "/metrics");
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("stowage_builds_active");
      assertThat(get(endpoints.healthPort(), "/metrics").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void watchNamespacesComeFromACommaListAndEmptyMeansAll() {
    RuntimeSettings settings =
        RuntimeSettings.fromEnvironment(
            Map.of(
                RuntimeSettings.WATCH_NAMESPACES, " team-a, team-b,,",
                RuntimeSettings.POD_NAMESPACE, "stowage-system"),
            true,
            8081,
            8080);

    assertThat(settings.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(settings.leaseNamespace()).isEqualTo("stowage-system");
    assertThat(RuntimeSettings.parseNamespaces("  ")).isEmpty();
    assertThat(RuntimeSettings.fromEnvironment(Map.of(), true, 1, 2).leaseNamespace()).isNull();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ImageBuild build(String name) {
    ImageBuild build = new ImageBuild();
    build.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    return build;
  }

  private static ImageBuildStatus status(Phase phase, Reason reason, String start, String end) {
    return new ImageBuildStatus(
        phase, null, 1L, "pod", "rev", 1, start, end, null, null, reason, null, null, null, null);
  }
}
