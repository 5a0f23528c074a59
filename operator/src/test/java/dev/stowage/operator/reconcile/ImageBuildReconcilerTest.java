package dev.stowage.operator.reconcile;

import static dev.stowage.operator.reconcile.BuildFixtures.DIGEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.api.RetryPolicy;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.pod.BuilderPodLabels;
import dev.stowage.operator.status.BuildConditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link ImageBuildReconciler} with a hand-written context over fabric8's CRUD mock API
 * server. Pod lifecycles are played by the test: it writes the pod statuses a kubelet would.
 *
 * <p>What the mock cannot check, and is tested elsewhere or not at all here: CEL validation rules
 * and other admission (no admission chain), garbage collection through owner references (which is
 * why the reconciler's Cleaner deletes pods itself), server-side apply (status is patched with a
 * JSON merge patch), and the pod lifecycle itself (scheduling, init container order, kubelet
 * deadlines and evictions, termination messages).
 */
@EnableKubernetesMockClient(crud = true)
class ImageBuildReconcilerTest {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** One server for the class (starting one per test costs a second); a namespace per test. */
  static KubernetesClient client;

  private final String NS = "builds-" + NAMESPACES.incrementAndGet();

  private final OperatorConfig config = OperatorConfig.standard();
  // Starts at the real time: the mock server stamps creationTimestamp with it.
  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  private ImageBuildReconciler reconciler;

  static {
    QuietMockServer.install();
  }

  @BeforeEach
  void setUp() {
    reconciler = newReconciler(RetryBackoff.NONE);
  }

  private ImageBuildReconciler newReconciler(RetryBackoff backoff) {
    return new ImageBuildReconciler(
        config, SpecCheck.PASS_THROUGH, BuildListener.NONE, backoff, clock);
  }

  @Test
  void newBuildGetsOneBuilderPodAndPendingStatus() {
    create(BuildFixtures.imageBuild(NS, "hello"));

    reconcile(reconciler, "hello");

    List<Pod> pods = pods();
    assertThat(pods).hasSize(1);
    Pod pod = pods.getFirst();
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(BuilderPodLabels.ATTEMPT, "1");
    assertThat(pod.getMetadata().getOwnerReferences().getFirst().getUid())
        .isEqualTo(get("hello").getMetadata().getUid());
    ImageBuildStatus status = get("hello").getStatus();
    assertThat(status.phase()).isEqualTo(Phase.Pending);
    assertThat(status.podName()).isEqualTo(pod.getMetadata().getName());
    assertThat(status.attempt()).isEqualTo(1);
    assertThat(status.revision())
        .isEqualTo(pod.getMetadata().getAnnotations().get(BuilderPodLabels.REVISION));
    assertThat(status.observedGeneration()).isEqualTo(get("hello").getMetadata().getGeneration());
    assertThat(BuildConditions.find(status.conditions(), BuildConditions.SUCCEEDED))
        .get()
        .extracting(c -> c.getStatus())
        .isEqualTo("Unknown");
    assertThat(events()).extracting(Event::getReason).contains("Pending");
  }

  @Test
  void projectBuildsShareOneVolumeAndQueueWhileItIsInUse() {
    ImageBuildReconciler withVolume =
        new ImageBuildReconciler(
            config,
            ProjectVolumes.plannerWithVolume(new BuilderPodFactory(config)),
            SpecCheck.PASS_THROUGH,
            BuildListener.NONE,
            RetryBackoff.NONE,
            clock);
    create(BuildFixtures.projectBuild(NS, "app-a", "demo"));
    create(BuildFixtures.projectBuild(NS, "app-b", "demo"));

    reconcile(withVolume, "app-a");
    UpdateControl<ImageBuild> queued = reconcile(withVolume, "app-b");

    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("stowage-project-demo");
    assertThat(pods()).hasSize(1);
    assertThat(get("app-b").getStatus().phase()).isEqualTo(Phase.Pending);
    assertThat(get("app-b").getStatus().reason()).isEqualTo(Reason.WaitingForProjectVolume);
    assertThat(queued.getScheduleDelay()).isPresent();

    setPodStatus(latestPod(), BuildFixtures.succeeded());
    reconcile(withVolume, "app-b");

    assertThat(pods()).hasSize(2);
    assertThat(get("app-b").getStatus().podName()).isNotNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).hasSize(1);
  }

  @Test
  void succeededPodRecordsDigestCacheAndIsolation() {
    create(BuildFixtures.imageBuild(NS, "hello"));
    reconcile(reconciler, "hello");

    setPodStatus(pods().getFirst(), BuildFixtures.succeeded());
    reconcile(reconciler, "hello");

    ImageBuildStatus status = get("hello").getStatus();
    assertThat(status.phase()).isEqualTo(Phase.Succeeded);
    assertThat(status.reason()).isEqualTo(Reason.BuildSucceeded);
    assertThat(status.image().digest()).isEqualTo(DIGEST);
    assertThat(status.image().shortDigest()).isEqualTo("4f53cda18c2b");
    assertThat(status.image().size()).isEqualTo(12345L);
    assertThat(status.cache().hits()).isEqualTo(2);
    assertThat(status.isolation().storageDriver()).isEqualTo("overlay");
    assertThat(status.source().commit()).isEqualTo("abc123");
    assertThat(status.completionTime()).isEqualTo("2026-11-28T08:01:00Z");
    assertThat(BuildConditions.find(status.conditions(), BuildConditions.READY))
        .get()
        .extracting(c -> c.getStatus())
        .isEqualTo("True");
    assertThat(events()).extracting(Event::getReason).contains("BuildSucceeded");
  }

  @Test
  void buildUserErrorFailsWithoutRetry() {
    create(withRetries(BuildFixtures.imageBuild(NS, "bad"), 3));
    reconcile(reconciler, "bad");

    setPodStatus(
        pods().getFirst(),
        BuildFixtures.buildFailed(2, "Containerfile:3: unknown instruction: RUNN"));
    reconcile(reconciler, "bad");
    reconcile(reconciler, "bad");

    ImageBuildStatus status = get("bad").getStatus();
    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(status.reason()).isEqualTo(Reason.InvalidContainerfile);
    assertThat(status.failedStep()).isEqualTo("build");
    assertThat(status.message()).contains("Containerfile:3");
    assertThat(pods()).hasSize(1);
    assertThat(events()).filteredOn(e -> "Warning".equals(e.getType())).isNotEmpty();
  }

  @Test
  void evictionIsRetriedUpToTheLimitThenFailsAsPodEvicted() {
    create(withRetries(BuildFixtures.imageBuild(NS, "flaky"), 2));
    reconcile(reconciler, "flaky");

    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(pods()).hasSize(attempt);
      assertThat(get("flaky").getStatus().attempt()).isEqualTo(attempt);
      setPodStatus(
          latestPod(), BuildFixtures.podFailed("Evicted", "The node was low on resource: memory."));
      reconcile(reconciler, "flaky");
    }

    ImageBuildStatus status = get("flaky").getStatus();
    assertThat(pods()).hasSize(3);
    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(status.reason()).isEqualTo(Reason.PodEvicted);
    assertThat(status.attempt()).isEqualTo(3);
    assertThat(status.message()).contains("gave up after 3 attempts");
  }

  @Test
  void retryWaitsForTheBackoffAndReschedules() {
    reconciler = newReconciler(RetryBackoff.STANDARD);
    create(BuildFixtures.imageBuild(NS, "flaky"));
    reconcile(reconciler, "flaky");
    PodStatus evicted = BuildFixtures.podFailed("Evicted", "node pressure");
    evicted.setConditions(
        List.of(
            new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("Ready")
                .withStatus("False")
                .withLastTransitionTime(clock.instant().toString())
                .build()));
    setPodStatus(latestPod(), evicted);

    UpdateControl<ImageBuild> waiting = reconcile(reconciler, "flaky");

    assertThat(waiting.getScheduleDelay()).contains(Duration.ofSeconds(10).toMillis());
    assertThat(get("flaky").getStatus().reason()).isEqualTo(Reason.RetryBackoff);
    assertThat(pods()).hasSize(1);

    clock.advance(Duration.ofSeconds(10));
    reconcile(reconciler, "flaky");

    assertThat(pods()).hasSize(2);
    assertThat(get("flaky").getStatus().attempt()).isEqualTo(2);
  }

  @Test
  void deadlineExceededFailsAsTimeoutWithoutRetry() {
    create(BuildFixtures.imageBuild(NS, "slow"));
    reconcile(reconciler, "slow");

    setPodStatus(
        latestPod(),
        BuildFixtures.podFailed("DeadlineExceeded", "Pod was active on the node longer than"));
    reconcile(reconciler, "slow");

    assertThat(get("slow").getStatus().reason()).isEqualTo(Reason.Timeout);
    assertThat(get("slow").getStatus().phase()).isEqualTo(Phase.Failed);
    assertThat(pods()).hasSize(1);
  }

  @Test
  void podThatNeverFinishesIsEndedAfterTheTimeout() {
    create(BuildFixtures.imageBuild(NS, "stuck"));
    UpdateControl<ImageBuild> first = reconcile(reconciler, "stuck");
    UpdateControl<ImageBuild> waiting = reconcile(reconciler, "stuck");

    assertThat(first.getScheduleDelay()).isEmpty();
    assertThat(waiting.getScheduleDelay()).get().isNotNull();
    assertThat(get("stuck").getStatus().phase()).isEqualTo(Phase.Pending);

    clock.advance(Duration.ofHours(1).plusMinutes(2));
    reconcile(reconciler, "stuck");

    assertThat(get("stuck").getStatus().phase()).isEqualTo(Phase.Failed);
    assertThat(get("stuck").getStatus().reason()).isEqualTo(Reason.Timeout);
    assertThat(pods()).isEmpty();
  }

  @Test
  void specChangeReplacesThePodOfTheOldRevision() {
    create(BuildFixtures.imageBuild(NS, "hello"));
    reconcile(reconciler, "hello");
    String oldPod = latestPod().getMetadata().getName();
    setPodStatus(latestPod(), BuildFixtures.running("build"));

    ImageBuild changed = get("hello");
    changed.getSpec().output();
    ImageBuild edited =
        client
            .resources(ImageBuild.class)
            .inNamespace(NS)
            .withName("hello")
            .edit(b -> withRetries(b, 5));
    reconcile(reconciler, "hello");

    List<Pod> pods = pods();
    assertThat(pods).hasSize(1);
    assertThat(pods.getFirst().getMetadata().getName()).isNotEqualTo(oldPod);
    ImageBuildStatus status = get("hello").getStatus();
    assertThat(status.podName()).isEqualTo(pods.getFirst().getMetadata().getName());
    assertThat(status.attempt()).isEqualTo(1);
    assertThat(status.observedGeneration()).isEqualTo(edited.getMetadata().getGeneration());
  }

  @Test
  void deletingTheBuildDeletesItsPods() {
    create(BuildFixtures.imageBuild(NS, "gone"));
    create(BuildFixtures.imageBuild(NS, "kept"));
    reconcile(reconciler, "gone");
    reconcile(reconciler, "kept");

    ImageBuild gone = get("gone");
    client.resource(gone).delete();
    UpdateControl<ImageBuild> control =
        reconciler.reconcile(gone, MockContext.afterDelete(client, gone));

    assertThat(control.isPatchStatus()).isFalse();
    assertThat(control.isPatchResource()).isFalse();

    assertThat(pods())
        .extracting(p -> p.getMetadata().getLabels().get(BuilderPodLabels.IMAGE_BUILD))
        .containsExactly("kept");
  }

  @Test
  void buildWithTheFinalizerOfEarlierVersionsIsReleasedWhenDeleted() {
    ImageBuild earlier = BuildFixtures.imageBuild(NS, "earlier");
    earlier.getMetadata().setFinalizers(List.of(ImageBuildReconciler.EARLIER_FINALIZER));
    create(earlier);
    reconcile(reconciler, "earlier");
    assertThat(pods()).hasSize(1);

    client.resources(ImageBuild.class).inNamespace(NS).withName("earlier").delete();
    ImageBuild marked = get("earlier");
    assertThat(marked.isMarkedForDeletion()).isTrue();
    UpdateControl<ImageBuild> control =
        reconciler.reconcile(marked, new MockContext(client, marked));

    assertThat(control.isPatchStatus()).isFalse();
    assertThat(pods()).isEmpty();
    assertThat(get("earlier")).isNull();
  }

  @Test
  void earlierFinalizerIsTheOneJosdkDerivedForImageBuilds() {
    assertThat(ImageBuildReconciler.EARLIER_FINALIZER)
        .isEqualTo(ReconcilerUtils.getDefaultFinalizerName(ImageBuild.class));
  }

  @Test
  void restartedOperatorFindsItsPodsInsteadOfDuplicatingThem() {
    create(BuildFixtures.imageBuild(NS, "hello"));
    reconcile(reconciler, "hello");
    // The status write of the first run was lost: only the pod survived the crash.
    ImageBuild lost = get("hello");
    lost.setStatus(null);
    client.resources(ImageBuild.class).inNamespace(NS).resource(lost).updateStatus();

    ImageBuildReconciler restarted = newReconciler(RetryBackoff.NONE);
    reconcile(restarted, "hello");
    reconcile(restarted, "hello");

    assertThat(pods()).hasSize(1);
    assertThat(get("hello").getStatus().podName()).isEqualTo(latestPod().getMetadata().getName());
  }

  @Test
  void unchangedObservationWritesNoStatus() {
    create(BuildFixtures.imageBuild(NS, "hello"));
    reconcile(reconciler, "hello");
    setPodStatus(latestPod(), BuildFixtures.running("build"));
    reconcile(reconciler, "hello");
    String since =
        BuildConditions.find(get("hello").getStatus().conditions(), BuildConditions.READY)
            .orElseThrow()
            .getLastTransitionTime();

    clock.advance(Duration.ofMinutes(3));
    UpdateControl<ImageBuild> again = reconcile(reconciler, "hello");

    assertThat(again.isNoUpdate()).isTrue();
    assertThat(
            BuildConditions.find(get("hello").getStatus().conditions(), BuildConditions.READY)
                .orElseThrow()
                .getLastTransitionTime())
        .isEqualTo(since);
  }

  @Test
  void vanishedPodIsRetriedAsPodLost() {
    create(BuildFixtures.imageBuild(NS, "hello"));
    reconcile(reconciler, "hello");
    client.resource(latestPod()).delete();

    reconcile(reconciler, "hello");

    assertThat(pods()).hasSize(1);
    assertThat(latestPod().getMetadata().getAnnotations())
        .containsEntry(BuilderPodLabels.ATTEMPT, "2");
    assertThat(get("hello").getStatus().attempt()).isEqualTo(2);
  }

  @Test
  void rejectedSpecFailsWithoutAPod() {
    ImageBuildReconciler strict =
        new ImageBuildReconciler(
            config,
            build ->
                Optional.of(
                    new SpecCheck.Rejection(
                        Reason.StorageNotAllowed, "storage mode Host is not allowed")),
            BuildListener.NONE,
            RetryBackoff.NONE,
            clock);
    create(BuildFixtures.imageBuild(NS, "host"));

    reconcile(strict, "host");

    assertThat(pods()).isEmpty();
    assertThat(get("host").getStatus().phase()).isEqualTo(Phase.Failed);
    assertThat(get("host").getStatus().reason()).isEqualTo(Reason.StorageNotAllowed);
  }

  @Test
  void finishedBuildIsLeftAloneUntilItsSpecChanges() {
    create(BuildFixtures.imageBuild(NS, "hello"));
    reconcile(reconciler, "hello");
    setPodStatus(latestPod(), BuildFixtures.succeeded());
    reconcile(reconciler, "hello");

    OperatorConfig upgraded =
        new OperatorConfig(
            "ghcr.io/stowage/stowage-builder:0.2.0",
            config.builderImagePullPolicy(),
            config.securityMode(),
            config.fuse(),
            config.storage(),
            config.defaults());
    UpdateControl<ImageBuild> after =
        reconcile(
            new ImageBuildReconciler(
                upgraded, SpecCheck.PASS_THROUGH, BuildListener.NONE, RetryBackoff.NONE, clock),
            "hello");

    assertThat(after.isNoUpdate()).isTrue();
    assertThat(pods()).hasSize(1);
    assertThat(get("hello").getStatus().phase()).isEqualTo(Phase.Succeeded);
  }

  // --- helpers ---

  private static ImageBuild withRetries(ImageBuild build, int retries) {
    var s = build.getSpec();
    build.setSpec(
        new dev.stowage.operator.api.ImageBuildSpec(
            s.source(),
            s.containerfile(),
            s.buildArgs(),
            s.target(),
            s.output(),
            s.storage(),
            s.cache(),
            s.timeout(),
            s.resources(),
            s.nodeSelector(),
            s.tolerations(),
            s.affinity(),
            s.serviceAccountName(),
            new RetryPolicy(retries)));
    return build;
  }

  private void create(ImageBuild build) {
    client.resource(build).create();
  }

  private ImageBuild get(String name) {
    return client.resources(ImageBuild.class).inNamespace(NS).withName(name).get();
  }

  private UpdateControl<ImageBuild> reconcile(ImageBuildReconciler target, String name) {
    ImageBuild build = get(name);
    UpdateControl<ImageBuild> control = target.reconcile(build, new MockContext(client, build));
    if (control.isPatchStatus()) {
      client
          .resources(ImageBuild.class)
          .inNamespace(NS)
          .resource(control.getResource().orElseThrow())
          .updateStatus();
    }
    return control;
  }

  private List<Pod> pods() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private Pod latestPod() {
    return pods().stream()
        .max(
            Comparator.comparing(
                p ->
                    Integer.parseInt(
                        p.getMetadata().getAnnotations().get(BuilderPodLabels.ATTEMPT))))
        .orElseThrow();
  }

  private void setPodStatus(Pod pod, PodStatus status) {
    Pod current = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
    current.setStatus(status);
    client.resource(current).updateStatus();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }
}
