package dev.stowage.operator.cli;

import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfigLoader;
import dev.stowage.operator.runtime.BuildMetrics;
import dev.stowage.operator.runtime.HttpEndpoints;
import dev.stowage.operator.runtime.RuntimeSettings;
import dev.stowage.operator.runtime.StowageOperator;
import dev.stowage.operator.runtime.ValidatorSpecCheck;
import dev.stowage.operator.validation.ImageBuildValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: starts the operator in the cluster it runs in (or the kubeconfig's). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the operator: reconciles ImageBuilds into builder pods.",
      "Environment: STOWAGE_WATCH_NAMESPACES (comma list, empty = all),"
          + " POD_NAMESPACE (namespace of the leader-election Lease)."
    })
public final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      description =
          "Operator configuration YAML (default /etc/stowage/config.yaml when it exists);"
              + " STOWAGE_* environment variables override it.")
  Path configFile;

  @Option(
      names = "--health-port",
      defaultValue = "8081",
      description = "Port of /healthz and /readyz (default ${DEFAULT-VALUE}).")
  int healthPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "8080",
      description = "Port of the Prometheus /metrics endpoint (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Take the Lease before reconciling (default ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Override
  public Integer call() throws InterruptedException {
    RuntimeSettings settings =
        RuntimeSettings.fromEnvironment(System.getenv(), leaderElection, healthPort, metricsPort);
    OperatorConfig config =
        new OperatorConfigLoader(System.getenv()).load(Optional.ofNullable(configFile));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    CountDownLatch stopped = new CountDownLatch(1);
    KubernetesClient client = new KubernetesClientBuilder().build();
    StowageOperator operator =
        new StowageOperator(
            client,
            config,
            settings,
            new ValidatorSpecCheck(new ImageBuildValidator(config)),
            new BuildMetrics(registry));
    HttpEndpoints endpoints =
        HttpEndpoints.start(
            settings.healthPort(),
            settings.metricsPort(),
            operator::isAlive,
            operator::isReady,
            registry);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("stowage-shutdown")
                .unstarted(
                    () -> {
                      operator.close();
                      endpoints.close();
                      client.close();
                      stopped.countDown();
                    }));
    operator.start();
    stopped.await();
    return 0;
  }
}
