package dev.stowage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.e2e.fixtures.LoopbackRegistry;
import dev.stowage.e2e.fixtures.Repository;
import dev.stowage.e2e.harness.KubePlayTranslation;
import dev.stowage.e2e.harness.Podman;
import dev.stowage.e2e.harness.PodmanKubelet;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;
import dev.stowage.operator.api.ImageBuildStatus.Phase;
import dev.stowage.operator.api.Reason;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import dev.stowage.operator.pod.BuilderPodLabels;
import dev.stowage.operator.reconcile.BuildListener;
import dev.stowage.operator.runtime.RuntimeSettings;
import dev.stowage.operator.runtime.StowageOperator;
import dev.stowage.operator.runtime.ValidatorSpecCheck;
import dev.stowage.operator.validation.ImageBuildValidator;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ImageBuild applied to the API server ends as an image in a registry: the real operator runs in
 * this JVM against fabric8's CRUD mock API server, {@link PodmanKubelet} runs the builder pods it
 * creates with {@code podman kube play} (the builder image {@code -Pimage} made, loaded into a
 * podman of the test's own) and reports their status back; the registry is {@code docker-registry}
 * on 127.0.0.1.
 *
 * <p>What this cannot check, because the mock API server has none of it: server-side apply (the
 * operator patches status without it, {@code serverSideApply=false}), the CRD's CEL rules and
 * OpenAPI validation (the operator's own validator runs), garbage collection through owner
 * references, a scheduler (node selectors, tolerations, affinity, resource requests are never
 * weighed), admission and Pod Security Standards (see {@code PodSecurityBaselineTest}), PVC binding
 * and storage classes.
 *
 * <p>What kube play changes (all of it in {@link KubePlayTranslation}): the pod runs with the
 * host's network; termination messages, emptyDir, downward-API, ConfigMap and Secret volumes are
 * host files and directories the harness writes; {@code /dev/fuse} is a CharDevice hostPath instead
 * of a device-plugin resource; emptyDir {@code sizeLimit} and {@code hostUsers: false} are not
 * enforced (mode userns runs in the host's user namespace); {@code activeDeadlineSeconds} is
 * enforced by the harness, not by podman; PVCs are podman named volumes (created on first use,
 * never bound or resized); seccomp {@code RuntimeDefault} is podman's default profile, which (like
 * CRI-O's, unlike containerd's) lets the engine make a user namespace, so baseline builds here use
 * the overlay driver; a {@code Localhost} profile is the chart's file.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorEndToEndIT {

  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
  }

  /** How long one build may take here (two cores, shared): four JVM steps and a kube play. */
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);

  /** The podman named volume standing for the PVC of a read-only store holding the base. */
  private static final String BASE_STORE_CLAIM = "e2e-base-store";

  /** A base image no registry holds: only the additional store has it. */
  private static final String STORE_ONLY_BASE = "localhost/e2e-store-only/busybox:latest";

  private static final String USERNS_NAMESPACE = namespace("userns");
  private static final Set<String> BASELINE_NAMESPACES =
      Set.of(
          namespace("ephemeral"),
          namespace("project"),
          namespace("stores"),
          namespace("secrets"),
          namespace("broken"));

  /** The account of the registry that demands basic auth. */
  private static final String USER = "builder";

  private static final String PASSWORD = "s3cret-push";

  static KubernetesClient client;

  private static Podman podman;
  private static LoopbackRegistry registry;
  private static LoopbackRegistry privateRegistry;
  private static PodmanKubelet kubelet;

  /** The operator in security mode baseline, and one in mode userns for its own namespace. */
  private static StowageOperator baseline;

  private static StowageOperator userns;
  private static String base;
  private static Path work;

  @BeforeAll
  static void start() throws Exception {
    work = Path.of(System.getProperty("stowage.e2e.dir", "target/e2e")).toAbsolutePath();
    Podman.deleteTree(work);
    String image = System.getProperty("stowage.builderImage.name");
    Path archive = Path.of(System.getProperty("stowage.builderImage.archive"));
    assertThat(archive)
        .as("the builder image archive (./mvnw -pl e2e -am -Pimage verify builds it)")
        .isRegularFile();

    podman = Podman.create(work.resolve("podman"));
    assertThat(podman.run("load", "-i", archive.toString())).contains(image);
    registry = LoopbackRegistry.start(work.resolve("registry"));

    Path busybox = Repository.busyboxTarball();
    podman.run("import", busybox.toString(), "localhost/e2e/busybox:latest");
    base = registry.host() + "/base/busybox:latest";
    podman.run("push", "--tls-verify=false", "localhost/e2e/busybox:latest", base);
    prepareBaseStore(work, busybox);
    privateRegistry = LoopbackRegistry.start(work.resolve("private-registry"), USER, PASSWORD);
    podman.run(
        "push",
        "--tls-verify=false",
        "--creds",
        USER + ":" + PASSWORD,
        "localhost/e2e/busybox:latest",
        privateRegistry.host() + "/base/busybox:latest");

    kubelet =
        new PodmanKubelet(
            client,
            podman,
            new KubePlayTranslation(
                OperatorConfig.standard().fuse().resourceName(), Repository.chartFiles()),
            work.resolve("kubelet"),
            BuilderPodLabels.MANAGED_BY,
            BuilderPodLabels.MANAGED_BY_VALUE);
    kubelet.start();

    baseline = operator(config(image, SecurityMode.baseline), BASELINE_NAMESPACES);
    userns = operator(config(image, SecurityMode.userns), Set.of(USERNS_NAMESPACE));
  }

  private static StowageOperator operator(OperatorConfig config, Set<String> namespaces) {
    StowageOperator started =
        new StowageOperator(
            client,
            config,
            new RuntimeSettings(namespaces, false, "stowage-operator", "default", 0, 0, false),
            new ValidatorSpecCheck(new ImageBuildValidator(config)),
            BuildListener.NONE);
    started.start();
    return started;
  }

  /** A podman-written store with the base, in the named volume the store's PVC becomes. */
  private static void prepareBaseStore(Path work, Path busybox) {
    podman.run("volume", "create", BASE_STORE_CLAIM);
    Path store =
        Path.of(
            podman
                .run("volume", "inspect", "--format", "{{.Mountpoint}}", BASE_STORE_CLAIM)
                .strip());
    Path runRoot = work.resolve("base-store-run");
    podman.run(
        "--root",
        store.toString(),
        "--runroot",
        runRoot.toString(),
        "--storage-driver",
        "overlay",
        "import",
        busybox.toString(),
        STORE_ONLY_BASE);
    Podman.unmountBelow(store);
    Podman.unmountBelow(runRoot);
  }

  /** The standard configuration, with the loaded builder image and no retries (fail fast). */
  private static OperatorConfig config(String image, SecurityMode mode) {
    OperatorConfig standard = OperatorConfig.standard();
    var d = standard.defaults();
    return new OperatorConfig(
        image,
        "IfNotPresent",
        mode,
        standard.fuse(),
        standard.storage(),
        new OperatorConfig.Defaults(
            "15m",
            0,
            d.storageSize(),
            d.storageClassName(),
            d.buildCpuRequest(),
            d.buildMemoryRequest(),
            d.buildCpuLimit(),
            d.buildMemoryLimit()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (StowageOperator operator : new StowageOperator[] {baseline, userns}) {
      if (operator != null) {
        operator.close();
      }
    }
    if (kubelet != null) {
      kubelet.close();
    }
    for (LoopbackRegistry r : new LoopbackRegistry[] {registry, privateRegistry}) {
      if (r != null) {
        r.close();
      }
    }
    if (podman != null) {
      podman.close();
    }
  }

  @Test
  void ephemeralBuildSucceedsWithTheDigestTheRegistryHolds() throws Exception {
    String ns = namespace("ephemeral");
    apply(
        """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: hello, namespace: %s}
        spec:
          source:
            inline:
              containerfile: |
                FROM %s
                COPY greeting.txt /greeting.txt
                RUN cat /greeting.txt > /copied && echo built >> /copied
                CMD ["cat", "/copied"]
              files:
                greeting.txt: hello from an ImageBuild
          output:
            image: %s/e2e/hello:1
            tags: [latest]
            insecure: true
          storage: {mode: Ephemeral}
        """
            .formatted(ns, base, registry.host()));

    ImageBuild build = awaitFinished(ns, "hello");

    ImageBuildStatus status = build.getStatus();
    assertPhase(build, Phase.Succeeded);
    String digest = status.image().digest();
    assertThat(registry.manifestDigest("e2e/hello", "1")).contains(digest);
    assertThat(registry.manifestDigest("e2e/hello", "latest")).contains(digest);
    assertThat(status.image().references())
        .containsExactly(
            registry.host() + "/e2e/hello:1@" + digest,
            registry.host() + "/e2e/hello:latest@" + digest);
    assertThat(status.reason()).isEqualTo(Reason.BuildSucceeded);
    assertThat(status.isolation().mode()).isEqualTo("chroot");
    // podman's default seccomp profile (RuntimeDefault here) lets the engine make its user
    // namespace; containerd's would not, and the build would report native with a storageNote
    assertThat(status.isolation().storageDriver()).isIn("overlay", "native");
    assertThat(status.isolation().userNamespace()).isNotNull();
    // an inline source reports nothing ({}), which is no source result
    assertThat(status.source()).isNull();
  }

  @Test
  void secondBuildOfAProjectIsFullyCachedFromTheProjectVolume() throws Exception {
    String ns = namespace("project");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("shop-context")
                .withNamespace(ns)
                .endMetadata()
                .withData(
                    Map.of(
                        "Containerfile",
                        "FROM "
                            + base
                            + "\nCOPY menu.txt /menu.txt\nRUN wc -l /menu.txt > /lines\n",
                        "menu.txt",
                        "bread\ncheese\n"))
                .build())
        .create();
    String template =
        """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: %s, namespace: %s}
        spec:
          source:
            configMap: {name: shop-context}
          output:
            image: %s/e2e/shop:%s
            insecure: true
            timestamp: 1700000000
          storage: {mode: Project, project: shop}
        """;

    apply(template.formatted("shop-1", ns, registry.host(), "1"));
    ImageBuild first = awaitFinished(ns, "shop-1");
    assertPhase(first, Phase.Succeeded);
    assertThat(first.getStatus().cache().misses()).isPositive();

    apply(template.formatted("shop-2", ns, registry.host(), "2"));
    ImageBuild second = awaitFinished(ns, "shop-2");

    assertPhase(second, Phase.Succeeded);
    assertThat(second.getStatus().cache().misses()).as(describe(second)).isZero();
    assertThat(second.getStatus().cache().hits()).isPositive();
    String digest = second.getStatus().image().digest();
    assertThat(registry.manifestDigest("e2e/shop", "2")).contains(digest);
    // a fully cached build of the same inputs at a fixed timestamp is the same image
    assertThat(digest).isEqualTo(first.getStatus().image().digest());
    assertThat(
            client.persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
                .map(c -> c.getMetadata().getName()))
        .containsExactly("stowage-project-shop");
  }

  @Test
  void baseImageInAnAdditionalStoreIsUsedWithoutPullingABlob() throws Exception {
    String ns = namespace("stores");
    int before = registry.requests().size();
    apply(
        """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: on-store, namespace: %s}
        spec:
          source:
            inline:
              containerfile: |
                FROM %s
                RUN echo from the shared store > /origin
          output:
            image: %s/e2e/on-store:1
            insecure: true
          storage:
            mode: Ephemeral
            additionalStores:
            - claimName: %s
        """
            .formatted(ns, STORE_ONLY_BASE, registry.host(), BASE_STORE_CLAIM));

    ImageBuild build = awaitFinished(ns, "on-store");

    assertPhase(build, Phase.Succeeded);
    String digest = build.getStatus().image().digest();
    assertThat(registry.manifestDigest("e2e/on-store", "1")).contains(digest);
    List<LoopbackRegistry.Request> during =
        registry.requests().subList(before, registry.requests().size());
    assertThat(during)
        .as("registry requests of the build")
        .noneMatch(r -> r.method().equals("GET") && r.path().contains("/blobs/"))
        .allMatch(r -> r.path().equals("/v2/") || r.path().startsWith("/v2/e2e/on-store/"));
  }

  @Test
  void usernsModeBuildRunsUnderTheChartsSeccompProfileInAUserNamespace() throws Exception {
    apply(
        """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: confined, namespace: %s}
        spec:
          source:
            inline:
              containerfile: |
                FROM %s
                RUN echo confined > /mode && ls /proc/self > /dev/null
          output:
            image: %s/e2e/confined:1
            insecure: true
        """
            .formatted(USERNS_NAMESPACE, base, registry.host()));

    ImageBuild build = awaitFinished(USERNS_NAMESPACE, "confined");

    assertPhase(build, Phase.Succeeded);
    assertThat(registry.manifestDigest("e2e/confined", "1"))
        .contains(build.getStatus().image().digest());
    assertThat(build.getStatus().isolation().userNamespace()).as(describe(build)).isTrue();
    assertThat(build.getStatus().isolation().storageDriver()).isEqualTo("overlay");
  }

  @Test
  void pushSecretAuthenticatesTheBasePullAndThePush() throws Exception {
    String ns = namespace("secrets");
    registrySecret(ns, "registry-push", PASSWORD);

    apply(authenticatedBuild(ns, "with-secret", "registry-push"));
    ImageBuild build = awaitFinished(ns, "with-secret");

    assertPhase(build, Phase.Succeeded);
    assertThat(privateRegistry.manifestDigest("e2e/with-secret", "1"))
        .contains(build.getStatus().image().digest());
  }

  @Test
  void wrongRegistryPasswordFailsThePullWithRegistryAuthFailed() throws Exception {
    String ns = namespace("secrets");
    registrySecret(ns, "wrong-password", "not-" + PASSWORD);

    apply(authenticatedBuild(ns, "wrong-secret", "wrong-password"));
    ImageBuild build = awaitFinished(ns, "wrong-secret");

    assertPhase(build, Phase.Failed);
    assertThat(build.getStatus().reason()).as(describe(build)).isEqualTo(Reason.RegistryAuthFailed);
    assertThat(build.getStatus().failedStep()).isEqualTo("pull");
  }

  @Test
  void failingRunStepFailsWithBuildFailedInTheBuildStep() throws Exception {
    String ns = namespace("broken");
    apply(
        """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: run-fails, namespace: %s}
        spec:
          source:
            inline:
              containerfile: |
                FROM %s
                RUN echo about to fail && exit 3
          output:
            image: %s/e2e/run-fails:1
            insecure: true
        """
            .formatted(ns, base, registry.host()));

    ImageBuild build = awaitFinished(ns, "run-fails");

    assertPhase(build, Phase.Failed);
    assertThat(build.getStatus().reason()).as(describe(build)).isEqualTo(Reason.BuildFailed);
    assertThat(build.getStatus().failedStep()).isEqualTo("build");
    assertThat(build.getStatus().message()).as(describe(build)).contains("Containerfile:2");
  }

  private static void registrySecret(String ns, String name, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    String config = "{\"auths\":{\"" + privateRegistry.host() + "\":{\"auth\":\"" + auth + "\"}}}";
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(
                    Map.of(
                        ".dockerconfigjson",
                        Base64.getEncoder()
                            .encodeToString(config.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
  }

  private static String authenticatedBuild(String ns, String name, String secret) {
    return """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: %s, namespace: %s}
        spec:
          source:
            inline:
              containerfile: |
                FROM %s/base/busybox:latest
                RUN echo pulled with the push secret > /how
          output:
            image: %s/e2e/%s:1
            pushSecretRef: {name: %s}
            insecure: true
        """
        .formatted(name, ns, privateRegistry.host(), privateRegistry.host(), name, secret);
  }

  @Test
  void brokenContainerfileFailsWithInvalidContainerfileAndItsFileAndLine() throws Exception {
    String ns = namespace("broken");
    apply(
        """
        apiVersion: stowage.dev/v1alpha1
        kind: ImageBuild
        metadata: {name: broken, namespace: %s}
        spec:
          source:
            inline:
              containerfile: |
                FROM %s
                RUN echo fine
                COPY
          output:
            image: %s/e2e/broken:1
            insecure: true
        """
            .formatted(ns, base, registry.host()));

    ImageBuild build = awaitFinished(ns, "broken");

    assertPhase(build, Phase.Failed);
    assertThat(build.getStatus().reason())
        .as(describe(build))
        .isEqualTo(Reason.InvalidContainerfile);
    assertThat(build.getStatus().message()).as(describe(build)).contains("Containerfile:3");
    assertThat(registry.manifestDigest("e2e/broken", "1")).isEmpty();
  }

  private static String namespace(String name) {
    return "e2e-" + name;
  }

  private static void apply(String yaml) {
    client.resource(Serialization.unmarshal(yaml, ImageBuild.class)).create();
  }

  /** Waits until the build's phase is final; fails with what the operator and kubelet saw. */
  private static ImageBuild awaitFinished(String ns, String name) throws InterruptedException {
    Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      ImageBuild build = client.resources(ImageBuild.class).inNamespace(ns).withName(name).get();
      if (build != null
          && build.getStatus() != null
          && build.getStatus().phase() != null
          && build.getStatus().phase().isFinal()) {
        record(build);
        return build;
      }
      Thread.sleep(500);
    }
    ImageBuild build = client.resources(ImageBuild.class).inNamespace(ns).withName(name).get();
    throw new AssertionError(
        "ImageBuild "
            + ns
            + "/"
            + name
            + " did not finish within "
            + BUILD_TIMEOUT
            + "\n"
            + (build == null ? "(gone)" : describe(build)));
  }

  /** Keeps what was seen of every build in target/e2e/builds/, passed or not. */
  private static void record(ImageBuild build) {
    Path file =
        work.resolve("builds")
            .resolve(
                build.getMetadata().getNamespace() + "-" + build.getMetadata().getName() + ".txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, describe(build));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertPhase(ImageBuild build, Phase phase) {
    assertThat(build.getStatus().phase()).as(describe(build)).isEqualTo(phase);
  }

  /** The build's status and, for each of its pods, what the kubelet stand-in saw. */
  private static String describe(ImageBuild build) {
    String ns = build.getMetadata().getNamespace();
    StringBuilder text = new StringBuilder("ImageBuild ").append(ns).append('/');
    text.append(build.getMetadata().getName()).append(" status:\n");
    text.append(Serialization.asYaml(build.getStatus()));
    for (Pod pod :
        client
            .pods()
            .inNamespace(ns)
            .withLabel(BuilderPodLabels.IMAGE_BUILD, build.getMetadata().getName())
            .list()
            .getItems()) {
      text.append(kubelet.describe(ns, pod.getMetadata().getName()));
    }
    return text.toString();
  }
}
