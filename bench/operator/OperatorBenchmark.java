package dev.stowage.bench.operator;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.reconcile.BuildListener;
import dev.stowage.operator.reconcile.SpecCheck;
import dev.stowage.operator.runtime.RuntimeSettings;
import dev.stowage.operator.runtime.StowageOperator;
import dev.stowage.operator.testing.TestBuilds;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark (not a test) of the operator against fabric8's CRUD mock API server, all in one JVM.
 *
 * <ul>
 *   <li>{@code burst}: the operator runs; N ImageBuilds are created at once; time from the first
 *       create until N builder pods exist.
 *   <li>{@code backlog}: N ImageBuilds exist; the operator starts; time from start until N pods.
 *   <li>{@code floor}: no operator; the benchmark itself creates N ImageBuilds and N pods — what
 *       the mock server alone costs for the same objects.
 * </ul>
 *
 * Prints one line of figures, including the heap used after GC. {@code bash
 * bench/operator/run.sh [N] [mode]}.
 */
public final class OperatorBenchmark {

  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  private static final String NS = "bench";

  /** Counts reconciles: the listener hears every one that is not a delete. */
  private static final AtomicInteger RECONCILES = new AtomicInteger();

  private static final BuildListener COUNTING =
      new BuildListener() {
        @Override
        public void observed(ImageBuild build, ImageBuildStatus status) {
          RECONCILES.incrementAndGet();
        }
      };

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(Level.WARNING);
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    String mode = args.length > 1 ? args[1] : "burst";
    String store = System.getProperty("bench.store", "stock");
    KubernetesCrudDispatcher dispatcher = dispatcher(store);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    String http = System.getProperty("bench.http", "vertx");
    try (KubernetesClient client = server.createClient(httpClientFactory(http))) {
      PodCounter pods = new PodCounter(count);
      Watch watch = client.pods().inNamespace(NS).watch(pods);
      long ms =
          switch (mode) {
            case "burst" -> burst(client, count, pods);
            case "backlog" -> backlog(client, count, pods);
            case "floor" -> floor(client, count, pods);
            default -> throw new IllegalArgumentException("mode: burst, backlog or floor");
          };
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      long heapMb =
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
      System.out.printf(
          "mode=%s store=%s http=%s builds=%d pods=%d timeToPodsMs=%d apiRequests=%d"
              + " reconciles=%d heapAfterGcMb=%d"
              + " cores=%d java=%s%n",
          mode,
          store,
          http,
          count,
          pods.names.size(),
          ms,
          server.getRequestCount(),
          RECONCILES.get(),
          heapMb,
          Runtime.getRuntime().availableProcessors(),
          Runtime.version());
      if (dispatcher instanceof IndexedCrudDispatcher indexed && store.equals("checked")) {
        System.out.printf("indexLookupMismatches=%d%n", indexed.mismatches());
      }
      watch.close();
    } finally {
      server.destroy();
    }
  }

  /**
   * The mock's object store: fabric8's stock CRUD dispatcher, whose create and patch scan every
   * stored object, or the same dispatcher with those lookups indexed by name ({@code checked}: and
   * compared with the scan on every lookup, slower, to show they agree).
   */
  private static KubernetesCrudDispatcher dispatcher(String store) {
    return switch (store) {
      case "stock" -> new KubernetesCrudDispatcher();
      case "indexed" -> new IndexedCrudDispatcher(false);
      case "checked" -> new IndexedCrudDispatcher(true);
      default -> throw new IllegalArgumentException("bench.store: stock, indexed or checked");
    };
  }

  /**
   * The HTTP client of operator and bench. Both fabric8 factories are on the test classpath, where
   * fabric8 would pick one at random; the operator's jar ships only Vert.x.
   */
  private static HttpClient.Factory httpClientFactory(String name) {
    return switch (name) {
      case "vertx" -> new VertxHttpClientFactory();
      case "jdk" -> new JdkHttpClientFactory();
      default -> throw new IllegalArgumentException("bench.http: vertx or jdk");
    };
  }

  private static long burst(KubernetesClient client, int count, PodCounter pods)
      throws InterruptedException {
    try (StowageOperator operator = operator(client)) {
      operator.start();
      long start = System.nanoTime();
      createBuilds(client, count);
      pods.await();
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static long backlog(KubernetesClient client, int count, PodCounter pods)
      throws InterruptedException {
    createBuilds(client, count);
    try (StowageOperator operator = operator(client)) {
      long start = System.nanoTime();
      operator.start();
      pods.await();
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static long floor(KubernetesClient client, int count, PodCounter pods)
      throws InterruptedException {
    BuilderPodFactory factory = new BuilderPodFactory(OperatorConfig.standard());
    long start = System.nanoTime();
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < count; i++) {
        String name = "app-" + i;
        threads.submit(
            () -> {
              ImageBuild created = client.resource(build(name)).create();
              client.resource(factory.desired(created, 1).pod()).create();
            });
      }
    }
    pods.await();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static StowageOperator operator(KubernetesClient client) {
    RuntimeSettings settings =
        new RuntimeSettings(Set.of(NS), false, "stowage-operator", NS, 0, 0, false);
    return new StowageOperator(
        client, OperatorConfig.standard(), settings, SpecCheck.PASS_THROUGH, COUNTING);
  }

  private static void createBuilds(KubernetesClient client, int count) {
    try (ExecutorService creators = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < count; i++) {
        String name = "app-" + i;
        creators.submit(() -> client.resource(build(name)).create());
      }
    }
  }

  private static ImageBuild build(String name) {
    return TestBuilds.scratch(NS, name);
  }

  /** Counts distinct builder pods as the watch sees them arrive. */
  private static final class PodCounter implements Watcher<Pod> {
    final Set<String> names = ConcurrentHashMap.newKeySet();
    final CountDownLatch all;

    PodCounter(int count) {
      all = new CountDownLatch(count);
    }

    void await() throws InterruptedException {
      if (!all.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + names.size() + " pods after 300 s");
      }
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
      if (action == Action.ADDED && names.add(pod.getMetadata().getName())) {
        all.countDown();
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
