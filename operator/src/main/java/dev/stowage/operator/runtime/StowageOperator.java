package dev.stowage.operator.runtime;

import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.reconcile.BuildListener;
import dev.stowage.operator.reconcile.ImageBuildReconciler;
import dev.stowage.operator.reconcile.RetryBackoff;
import dev.stowage.operator.reconcile.SpecCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JOSDK operator running the ImageBuild reconciler, with leader election and health state. */
public final class StowageOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StowageOperator.class);

  private final RuntimeSettings settings;
  private final Operator operator;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean failed = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();

  /**
   * @param specCheck the operator-policy hook of the reconciler (validation plugs in here)
   * @param listener hears every observation, e.g. {@link BuildMetrics}
   */
  public StowageOperator(
      KubernetesClient client,
      OperatorConfig config,
      RuntimeSettings settings,
      SpecCheck specCheck,
      BuildListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.leading.set(!settings.leaderElection());
    this.operator = new Operator(o -> configure(o, client));
    ImageBuildReconciler reconciler =
        new ImageBuildReconciler(
            config, specCheck, listener, RetryBackoff.STANDARD, Clock.systemUTC());
    operator.register(
        reconciler,
        o -> {
          if (settings.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(settings.watchNamespaces());
          }
        });
  }

  private void configure(ConfigurationServiceOverrider o, KubernetesClient client) {
    o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // The CRD is installed by the chart; the operator needs no read access to CRDs.
        .checkingCRDAndValidateLocalModel(false)
        .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
        .withStopOnInformerErrorDuringStartup(true);
    if (settings.leaderElection()) {
      var election =
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
              // JOSDK would exit on every loss, also while close() stops the operator (and from a
              // shutdown hook, System.exit blocks forever): stoppedLeading decides instead.
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(
                  new LeaderCallbacks(
                      () -> {
                        LOG.info("leading: reconciling ImageBuilds");
                        leading.set(true);
                      },
                      this::stoppedLeading,
                      identity -> LOG.info("leader is now {}", identity)));
      if (settings.leaseNamespace() != null) {
        election.withLeaseNamespace(settings.leaseNamespace());
      }
      o.withLeaderElectionConfiguration(election.build());
    }
  }

  private void stoppedLeading() {
    leading.set(false);
    if (!closing.get()) {
      // Another instance holds the Lease now; reconciling on would race it. Kubernetes restarts
      // this pod, which then waits as a standby.
      LOG.error("lost the leader-election Lease {}; exiting", settings.leaseName());
      System.exit(1);
    }
  }

  /** Starts the informers (or the leader election that starts them); returns at once. */
  public void start() {
    try {
      operator.start();
      LOG.info(
          "operator started, watching {}",
          settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces());
    } catch (RuntimeException e) {
      failed.set(true);
      throw e;
    }
  }

  /** Liveness: the operator did not fail, and if it leads, its informers are healthy. */
  public boolean isAlive() {
    return !failed.get() && (!leading.get() || !operator.getRuntimeInfo().isStarted() || healthy());
  }

  /** Readiness: started, and if it leads, every informer is synced and watching. */
  public boolean isReady() {
    return !failed.get() && operator.getRuntimeInfo().isStarted() && (!leading.get() || healthy());
  }

  /** Whether this instance holds the Lease (always, without leader election). */
  public boolean isLeader() {
    return leading.get();
  }

  private boolean healthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    closing.set(true);
    operator.stop();
  }
}
