package dev.stowage.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.pod.BuilderPodLabels;
import dev.stowage.operator.reconcile.BuildListener;
import dev.stowage.operator.reconcile.SpecCheck;
import dev.stowage.operator.testing.TestBuilds;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the real JOSDK operator (informers, event sources, Delete events, status patches) against
 * fabric8's CRUD mock API server.
 *
 * <p>The mock cannot check: CEL validation and admission, garbage collection (the reconciler
 * deletes pods itself on the build's Delete event), server-side apply (switched off: status is
 * patched without it), and pod lifecycles (no kubelet: pods stay without status unless a test
 * writes one).
 */
@EnableKubernetesMockClient(crud = true)
class StowageOperatorTest {

  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
  }

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final String ns = "ops-" + NAMESPACES.incrementAndGet();
  private StowageOperator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  private StowageOperator start() {
    RuntimeSettings settings =
        new RuntimeSettings(Set.of(ns), false, "stowage-operator", ns, 0, 0, false);
    StowageOperator started =
        new StowageOperator(
            client,
            OperatorConfig.standard(),
            settings,
            SpecCheck.PASS_THROUGH,
            BuildListener.NONE);
    started.start();
    return started;
  }

  @Test
  void twoHundredBuildsAtOnceGetTwoHundredPods() {
    operator = start();
    for (int i = 0; i < 200; i++) {
      client.resource(build("app-" + i)).create();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(pods()).hasSize(200));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.resources(ImageBuild.class).inNamespace(ns).list().getItems())
                    .allSatisfy(b -> assertThat(b.getStatus().phase()).isEqualTo(Phase.Pending)));
    assertThat(operator.isReady()).isTrue();
  }

  @Test
  void deletingABuildDeletesItsPodAndReleasesTheBuild() {
    operator = start();
    client.resource(build("gone")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pods()).hasSize(1));
    // No finalizer: deleting a build never waits for the operator.
    assertThat(
            client
                .resources(ImageBuild.class)
                .inNamespace(ns)
                .withName("gone")
                .get()
                .getMetadata()
                .getFinalizers())
        .isEmpty();

    client.resources(ImageBuild.class).inNamespace(ns).withName("gone").delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(pods()).isEmpty();
              assertThat(client.resources(ImageBuild.class).inNamespace(ns).withName("gone").get())
                  .isNull();
            });
  }

  @Test
  void buildWithTheFinalizerOfEarlierVersionsCanStillBeDeleted() {
    operator = start();
    ImageBuild earlier = build("earlier");
    earlier.getMetadata().setFinalizers(List.of("imagebuilds.stowage.dev/finalizer"));
    client.resource(earlier).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pods()).hasSize(1));

    client.resources(ImageBuild.class).inNamespace(ns).withName("earlier").delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(pods()).isEmpty();
              assertThat(
                      client.resources(ImageBuild.class).inNamespace(ns).withName("earlier").get())
                  .isNull();
            });
  }

  @Test
  void restartedOperatorCreatesNoDuplicatePods() throws InterruptedException {
    operator = start();
    for (int i = 0; i < 10; i++) {
      client.resource(build("app-" + i)).create();
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pods()).hasSize(10));
    operator.close();

    operator = start();
    client.resource(build("late")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pods()).hasSize(11));
    assertThat(pods())
        .extracting(p -> p.getMetadata().getLabels().get(BuilderPodLabels.IMAGE_BUILD))
        .doesNotHaveDuplicates();
  }

  @Test
  void withLeaderElectionTheOperatorTakesTheLeaseThenReconciles() {
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the CRUD mock cannot
    // answer: this expectation grants them.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewMetadata()
                .endMetadata()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("*")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    RuntimeSettings settings =
        new RuntimeSettings(Set.of(ns), true, "stowage-operator", ns, 0, 0, false);
    operator =
        new StowageOperator(
            client,
            OperatorConfig.standard(),
            settings,
            SpecCheck.PASS_THROUGH,
            BuildListener.NONE);
    operator.start();
    client.resource(build("led")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pods()).hasSize(1));
    Lease lease = client.leases().inNamespace(ns).withName("stowage-operator").get();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    assertThat(operator.isLeader()).isTrue();
  }

  private List<Pod> pods() {
    return client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private ImageBuild build(String name) {
    return TestBuilds.scratch(ns, name);
  }
}
