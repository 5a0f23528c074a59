package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.pod.BuilderPlan;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.pod.BuilderPodLabels;
import dev.stowage.operator.status.BuildOutcome;
import dev.stowage.operator.status.BuildOutcome.Failed;
import dev.stowage.operator.status.BuildOutcome.Waiting;
import dev.stowage.operator.status.BuilderPodInterpreter;
import dev.stowage.operator.status.StatusComposer;
import dev.stowage.operator.status.StatusComposer.AttemptRef;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an ImageBuild into builder pods, one per attempt, and their outcome into its status.
 *
 * <p>Each reconcile is a pipeline: observe (the build's pods, by owner) → validate ({@link
 * SpecCheck}) → create what is missing (project PVC, the pod of the current revision and attempt;
 * pods of other revisions are deleted, never updated) → record status. It never waits: pod events
 * and rescheduling bring it back. Pod names are deterministic, so a restarted operator finds its
 * pods instead of duplicating them.
 */
@ControllerConfiguration(
    name = ImageBuildReconciler.NAME,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES),
    // No finalizer (one API write less per build, and deleting a build never waits for the
    // operator): the Delete event itself reaches reconcile, which deletes the pods and forgets the
    // build; garbage collection through the pods' owner references covers a stopped operator.
    triggerReconcilerOnAllEvents = true)
public final class ImageBuildReconciler implements Reconciler<ImageBuild> {

  /** The controller name. */
  public static final String NAME = "imagebuild";

  /**
   * The finalizer JOSDK added for this controller while it had a cleanup step: builds created then
   * still carry it, and without this operator removing it they could never be deleted.
   */
  static final String EARLIER_FINALIZER = "imagebuilds.stowage.dev/finalizer";

  private static final Logger LOG = LoggerFactory.getLogger(ImageBuildReconciler.class);

  /** Time past spec.timeout before the operator ends a build the kubelet did not end. */
  private static final Duration DEADLINE_GRACE = Duration.ofMinutes(1);

  /** How often a build queued behind its project's volume looks again. */
  private static final Duration QUEUE_RECHECK = Duration.ofSeconds(10);

  private final OperatorConfig config;
  private final AttemptPlanner planner;
  private final SpecCheck specCheck;
  private final BuildListener listener;
  private final RetryBackoff backoff;
  private final Clock clock;
  private final BuilderPodInterpreter interpreter = new BuilderPodInterpreter();
  private final StatusComposer composer;
  private final KubernetesEvents events;
  private final RecentStatusWrites recentWrites;

  public ImageBuildReconciler(
      OperatorConfig config,
      SpecCheck specCheck,
      BuildListener listener,
      RetryBackoff backoff,
      Clock clock) {
    this(config, new BuilderPodFactory(config)::desired, specCheck, listener, backoff, clock);
  }

  /** With an explicit planner of builder pods, e.g. a counting one in benchmarks. */
  public ImageBuildReconciler(
      OperatorConfig config,
      AttemptPlanner planner,
      SpecCheck specCheck,
      BuildListener listener,
      RetryBackoff backoff,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.specCheck = Objects.requireNonNull(specCheck, "specCheck");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.composer = new StatusComposer(clock);
    this.events = new KubernetesEvents(clock);
    this.recentWrites = new RecentStatusWrites(clock);
  }

  /** With the pass-through spec check, no listener, standard backoff and the system clock. */
  public ImageBuildReconciler(OperatorConfig config) {
    this(
        config,
        SpecCheck.PASS_THROUGH,
        BuildListener.NONE,
        RetryBackoff.STANDARD,
        Clock.systemUTC());
  }

  @Override
  public List<EventSource<?, ImageBuild>> prepareEventSources(
      EventSourceContext<ImageBuild> context) {
    return BuilderEventSources.create(context);
  }

  @Override
  public UpdateControl<ImageBuild> reconcile(ImageBuild build, Context<ImageBuild> context) {
    if (context.isPrimaryResourceDeleted() || context.isPrimaryResourceFinalStateUnknown()) {
      deleted(build, context);
      return UpdateControl.noUpdate();
    }
    if (build.isMarkedForDeletion()) {
      // Only finalizers hold the build: release the one of earlier operator versions.
      deleted(build, context);
      new ClusterWrites(context.getClient()).removeFinalizer(build, EARLIER_FINALIZER);
      return UpdateControl.noUpdate();
    }
    ImageBuildStatus previous = recentWrites.current(build, context.getRetryInfo().isPresent());
    long generation = generationOf(build);
    if (isFinishedFor(previous, generation)) {
      // A finished build stays finished until its spec changes (not when the operator's own
      // settings, and so the revision, change after an upgrade).
      listener.observed(build, previous);
      return UpdateControl.noUpdate();
    }

    // observe
    String revision = planner.desired(build, 1).revision();
    ClusterWrites cluster = new ClusterWrites(context.getClient());
    List<Pod> pods = ownedPods(build, context);
    Map<Integer, Pod> attempts = new TreeMap<>();
    for (Pod pod : pods) {
      if (revision.equals(annotation(pod, BuilderPodLabels.REVISION))) {
        attemptOf(pod).ifPresent(n -> attempts.put(n, pod));
      } else {
        cluster.deletePod(pod);
      }
    }

    // validate, create what is missing, decide
    Progress progress =
        specCheck
            .check(build)
            .map(rejection -> reject(build, previous, revision, attempts, rejection, cluster))
            .orElseGet(() -> advance(build, previous, revision, attempts, context, cluster));

    // record status
    ImageBuildStatus status = composer.compose(previous, progress.attempt(), progress.outcome());
    if (previous == null
        || previous.phase() != status.phase()
        || !Objects.equals(previous.attempt(), status.attempt())
        || !Objects.equals(previous.revision(), status.revision())) {
      LOG.info(
          "ImageBuild {}/{} attempt {}: {} {}",
          build.getMetadata().getNamespace(),
          build.getMetadata().getName(),
          status.attempt(),
          status.phase(),
          status.reason() == null ? "" : status.reason());
      events.record(context.getClient(), build, status);
      listener.transitioned(build, previous, status);
    }
    listener.observed(build, status);
    UpdateControl<ImageBuild> control;
    if (status.equals(previous)) {
      control = UpdateControl.noUpdate();
    } else {
      recentWrites.wrote(build, build.getStatus(), status);
      build.setStatus(status);
      control = UpdateControl.patchStatus(build);
    }
    return progress.recheckIn() == null ? control : control.rescheduleAfter(progress.recheckIn());
  }

  /** The build is gone: delete its pods, forget what is remembered about it. */
  private void deleted(ImageBuild build, Context<ImageBuild> context) {
    // Garbage collection would delete the pods through their owner reference; deleting them here
    // also covers clusters (and the mock API server) without it, and stops a running build now.
    ClusterWrites cluster = new ClusterWrites(context.getClient());
    ownedPods(build, context).forEach(cluster::deletePod);
    listener.deleted(build);
    recentWrites.forget(build);
  }

  private Progress advance(
      ImageBuild build,
      ImageBuildStatus previous,
      String revision,
      Map<Integer, Pod> attempts,
      Context<ImageBuild> context,
      ClusterWrites cluster) {
    long generation = generationOf(build);
    int attempt = currentAttempt(previous, revision, attempts);
    if (attempt == 0) {
      return launch(build, 1, context, cluster);
    }
    String podName = planner.desired(build, attempt).pod().getMetadata().getName();
    AttemptRef ref = new AttemptRef(generation, revision, attempt, podName);
    Pod pod = attempts.get(attempt);
    BuildOutcome outcome;
    if (pod == null) {
      boolean launchedBefore =
          previous != null
              && revision.equals(previous.revision())
              && Objects.equals(previous.attempt(), attempt)
              && podName.equals(previous.podName());
      if (!launchedBefore) {
        return launch(build, attempt, context, cluster);
      }
      // The informer cache may lag behind our own create: ask the API server before calling the
      // pod lost, or a slow watch would start a second build.
      pod = cluster.readPod(build.getMetadata().getNamespace(), podName);
      outcome =
          pod != null
              ? interpreter.interpret(pod)
              : Failed.ofPod(
                  Reason.PodLost,
                  "the builder pod " + podName + " disappeared before it finished",
                  true,
                  null,
                  null);
    } else {
      outcome = interpreter.interpret(pod);
    }

    if (outcome instanceof Failed failed && failed.retryable()) {
      int allowed = 1 + retriesAllowed(build);
      if (attempt < allowed) {
        Instant now = clock.instant();
        // Capped at now: a skewed API server clock must not stretch the backoff.
        Instant failedAt = min(failureTime(failed, pod, now), now);
        Instant due = failedAt.plus(backoff.after(attempt));
        if (now.isBefore(due)) {
          return new Progress(
              ref,
              new Waiting(
                  Reason.RetryBackoff,
                  "attempt "
                      + (attempt + 1)
                      + " of "
                      + allowed
                      + " follows after backoff; attempt "
                      + attempt
                      + ": "
                      + failed.message()),
              Duration.between(now, due));
        }
        if (pod != null && !isTerminal(pod)) {
          cluster.deletePod(pod);
        }
        return launch(build, attempt + 1, context, cluster);
      }
      outcome =
          new Failed(
              failed.reason(),
              failed.step(),
              failed.message() + " (gave up after " + attempt + " attempts)",
              false,
              failed.startTime(),
              failed.completionTime(),
              failed.build(),
              failed.source());
    }
    Duration recheck = null;
    if (!outcome.phase().isFinal() && pod != null) {
      // The pod's activeDeadlineSeconds only runs once a kubelet has the pod; this deadline also
      // ends builds that never get scheduled.
      Instant now = clock.instant();
      Instant deadline = createdAt(pod, now).plus(timeout(build)).plus(DEADLINE_GRACE);
      if (now.isBefore(deadline)) {
        recheck = Duration.between(now, deadline);
      } else {
        outcome =
            Failed.ofPod(
                Reason.Timeout,
                "the build did not finish within its timeout of "
                    + timeoutText(build)
                    + " ("
                    + outcome.phase()
                    + " until then)",
                false,
                outcome.startTime(),
                now);
      }
    }
    if (outcome instanceof Failed && pod != null && !isTerminal(pod)) {
      // E.g. a builder image that cannot be pulled: the kubelet would keep the pod forever.
      cluster.deletePod(pod);
    }
    return new Progress(ref, outcome, recheck);
  }

  private Progress launch(
      ImageBuild build, int attempt, Context<ImageBuild> context, ClusterWrites cluster) {
    BuilderPlan plan = planner.desired(build, attempt);
    Optional<Pod> holder =
        plan.projectVolume()
            .filter(ImageBuildReconciler::singleWriter)
            .flatMap(claim -> otherHolder(build, claim, cluster));
    if (holder.isPresent()) {
      return new Progress(
          new AttemptRef(generationOf(build), plan.revision(), attempt, null),
          new Waiting(
              Reason.WaitingForProjectVolume,
              "the project volume "
                  + plan.projectVolume().get().getMetadata().getName()
                  + " is ReadWriteOnce and in use by builder pod "
                  + holder.get().getMetadata().getName()),
          QUEUE_RECHECK);
    }
    plan.projectVolume()
        .filter(claim -> !claimKnown(context, claim))
        .ifPresent(cluster::createClaim);
    cluster.createPod(plan.pod());
    return new Progress(
        new AttemptRef(
            generationOf(build), plan.revision(), attempt, plan.pod().getMetadata().getName()),
        Waiting.newPod(),
        null);
  }

  private Progress reject(
      ImageBuild build,
      ImageBuildStatus previous,
      String revision,
      Map<Integer, Pod> attempts,
      SpecCheck.Rejection rejection,
      ClusterWrites cluster) {
    attempts.values().forEach(cluster::deletePod);
    int attempt = Math.max(1, currentAttempt(previous, revision, attempts));
    return new Progress(
        new AttemptRef(generationOf(build), revision, attempt, null),
        Failed.ofPod(rejection.reason(), rejection.message(), false, null, null),
        null);
  }

  /** The highest attempt seen, in the pods or in the status of this revision; 0 for none. */
  private static int currentAttempt(
      ImageBuildStatus previous, String revision, Map<Integer, Pod> attempts) {
    int fromPods = attempts.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    int fromStatus =
        previous != null && revision.equals(previous.revision()) && previous.attempt() != null
            ? previous.attempt()
            : 0;
    return Math.max(fromPods, fromStatus);
  }

  private int retriesAllowed(ImageBuild build) {
    var retry = build.getSpec() == null ? null : build.getSpec().retry();
    return retry != null && retry.infrastructureFailures() != null
        ? retry.infrastructureFailures()
        : config.defaults().infrastructureRetries();
  }

  /** A claim only one node can mount: builds of its project run one at a time. */
  private static boolean singleWriter(PersistentVolumeClaim claim) {
    List<String> modes = claim.getSpec() == null ? null : claim.getSpec().getAccessModes();
    return modes == null
        || modes.isEmpty()
        || modes.stream().allMatch(m -> m.equals("ReadWriteOnce") || m.equals("ReadWriteOncePod"));
  }

  /** A running builder pod of another build that holds the project claim, if any. */
  private static Optional<Pod> otherHolder(
      ImageBuild build, PersistentVolumeClaim claim, ClusterWrites cluster) {
    String uid = build.getMetadata().getUid();
    return cluster
        .activePodsUsingClaim(build.getMetadata().getNamespace(), claim.getMetadata().getName())
        .stream()
        .filter(
            pod ->
                pod.getMetadata().getOwnerReferences() == null
                    || pod.getMetadata().getOwnerReferences().stream()
                        .noneMatch(ref -> Objects.equals(ref.getUid(), uid)))
        .findFirst();
  }

  private static boolean isFinishedFor(ImageBuildStatus status, long generation) {
    return status != null
        && status.phase() != null
        && status.phase().isFinal()
        && Objects.equals(status.observedGeneration(), generation);
  }

  private static Instant failureTime(Failed failed, Pod pod, Instant now) {
    if (failed.completionTime() != null) {
      return failed.completionTime();
    }
    if (pod != null && pod.getMetadata().getCreationTimestamp() != null) {
      try {
        return Instant.parse(pod.getMetadata().getCreationTimestamp());
      } catch (RuntimeException e) {
        return now;
      }
    }
    return now;
  }

  private String timeoutText(ImageBuild build) {
    String timeout = build.getSpec() == null ? null : build.getSpec().timeout();
    return timeout != null ? timeout : config.defaults().timeout();
  }

  private Duration timeout(ImageBuild build) {
    return BuildTimeout.parse(timeoutText(build));
  }

  private static Instant createdAt(Pod pod, Instant fallback) {
    try {
      String created = pod.getMetadata().getCreationTimestamp();
      return created == null ? fallback : Instant.parse(created);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean claimKnown(Context<ImageBuild> context, PersistentVolumeClaim claim) {
    return context.getSecondaryResources(PersistentVolumeClaim.class).stream()
        .anyMatch(c -> claim.getMetadata().getName().equals(c.getMetadata().getName()));
  }

  /** The builder pods this build owns (by owner uid), from the context's view of the cluster. */
  private static List<Pod> ownedPods(ImageBuild build, Context<ImageBuild> context) {
    String uid = build.getMetadata().getUid();
    return context.getSecondaryResources(Pod.class).stream()
        .filter(
            pod ->
                pod.getMetadata().getOwnerReferences() != null
                    && pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> Objects.equals(ref.getUid(), uid)))
        .toList();
  }

  private static Optional<Integer> attemptOf(Pod pod) {
    try {
      return Optional.of(Integer.parseInt(annotation(pod, BuilderPodLabels.ATTEMPT)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static long generationOf(ImageBuild build) {
    Long generation = build.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }

  /** What this reconcile decided: the attempt, its outcome, and when to look again. */
  private record Progress(AttemptRef attempt, BuildOutcome outcome, Duration recheckIn) {
    Progress {
      Objects.requireNonNull(attempt, "attempt");
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
