package dev.stowage.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code helm template} renders: Deployment, configuration, Service, ServiceMonitor, CRD. */
class HelmChartRenderTest {

  private static final ObjectMapper STRICT_YAML =
      new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static Helm helm;
  private static ChartLocation location;
  private static RenderedChart defaults;

  @BeforeAll
  static void render() {
    location = ChartLocation.detect();
    helm = Helm.fromEnvironment();
    defaults = RenderedChart.render(helm, location);
  }

  @Test
  void defaultsRenderTheExpectedObjects() {
    Map<String, Long> kinds =
        defaults.documents().stream()
            .collect(Collectors.groupingBy(d -> d.path("kind").asText(), Collectors.counting()));
    assertThat(kinds)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ServiceAccount", 1L,
                "ConfigMap", 2L,
                "ClusterRole", 3L,
                "ClusterRoleBinding", 1L,
                "Role", 1L,
                "RoleBinding", 1L,
                "Service", 1L,
                "Deployment", 1L));
  }

  @Test
  void everyObjectCarriesTheReleaseLabels() {
    assertThat(defaults.documents())
        .allSatisfy(
            d ->
                assertThat(
                        d.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/instance")
                            .asText())
                    .isEqualTo(ChartLocation.RELEASE));
  }

  @Test
  void deploymentRunsOneLeaderElectedOperator() {
    Deployment deployment = defaults.one("Deployment", Deployment.class);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(ChartLocation.NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("stowage");
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();

    Container operator = pod.getContainers().getFirst();
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/stowage/stowage-operator:0.1.0");
    assertThat(operator.getCommand()).containsExactly("java", "-jar", "/app/stowage-operator.jar");
    assertThat(operator.getArgs()).containsExactly("run", "--config", "/etc/stowage/config.yaml");
    assertThat(operator.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("metrics:8080", "health:8081");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void deploymentPassesNamespaceAndWatchedNamespacesAsEnvironment() {
    Map<String, EnvVar> env = env(defaults.one("Deployment", Deployment.class));
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("STOWAGE_WATCH_NAMESPACES").getValue()).isEmpty();

    RenderedChart namespaced =
        RenderedChart.render(
            helm, location, "-f", location.resource("values-namespaced.yaml").toString());
    assertThat(
            env(namespaced.one("Deployment", Deployment.class))
                .get("STOWAGE_WATCH_NAMESPACES")
                .getValue())
        .isEqualTo("team-a,team-b");
  }

  @Test
  void rootFilesystemIsReadOnlyWithAWritableTmp() {
    var pod = defaults.one("Deployment", Deployment.class).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().getFirst();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    Map<String, VolumeMount> mounts =
        operator.getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
    Map<String, Volume> volumes =
        pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir()).isNotNull();
    VolumeMount config = mounts.get("/etc/stowage");
    assertThat(config.getReadOnly()).isTrue();
    assertThat(volumes.get(config.getName()).getConfigMap().getName()).isEqualTo("stowage-config");
  }

  @Test
  void configChangeRollsTheOperator() {
    String before = configChecksum(defaults);
    String after =
        configChecksum(RenderedChart.render(helm, location, "--set", "config.securityMode=userns"));
    assertThat(before).matches("[0-9a-f]{64}");
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void configFileHoldsEveryOperatorConfigKey() throws Exception {
    JsonNode config = RenderedChart.YAML.readTree(configYaml(defaults));
    assertThat(fieldNames(config))
        .containsExactlyInAnyOrder(
            "builderImage",
            "builderImagePullPolicy",
            "securityMode",
            "fuse",
            "storage",
            "defaults");
    assertThat(fieldNames(config.get("fuse")))
        .containsExactlyInAnyOrder("provider", "resourceName", "seccompProfile");
    assertThat(fieldNames(config.get("storage")))
        .containsExactlyInAnyOrder("allowedModes", "allowedHostPaths", "projectAccessMode");
    assertThat(fieldNames(config.get("defaults")))
        .containsExactlyInAnyOrder(
            "timeout",
            "infrastructureRetries",
            "storageSize",
            "storageClassName",
            "buildCpuRequest",
            "buildMemoryRequest",
            "buildCpuLimit",
            "buildMemoryLimit");
  }

  @Test
  void configFileBindsToTheOperatorConfigRecordWithTheDocumentedDefaults() throws Exception {
    OperatorConfig config = STRICT_YAML.readValue(configYaml(defaults), OperatorConfig.class);
    assertThat(config).isEqualTo(OperatorConfig.standard());
    assertThat(config.storage().allowedModes())
        .containsExactlyInAnyOrder(StorageMode.Ephemeral, StorageMode.Project);
  }

  @Test
  void configFileCarriesAdminChoices() throws Exception {
    RenderedChart custom =
        RenderedChart.render(
            helm,
            location,
            "--set",
            "config.securityMode=userns",
            "--set",
            "config.fuse.provider=crioAnnotation",
            "--set",
            "config.storage.allowedModes={Ephemeral,Project,Host}",
            "--set",
            "config.storage.allowedHostPaths={/var/lib/containers}",
            "--set",
            "config.builderImage.digest=sha256:" + "a".repeat(64),
            "--set",
            "config.defaults.storageClassName=fast",
            "--set",
            "config.defaults.buildCpuLimit=");
    OperatorConfig config = STRICT_YAML.readValue(configYaml(custom), OperatorConfig.class);
    assertThat(config.securityMode()).isEqualTo(OperatorConfig.SecurityMode.userns);
    assertThat(config.fuse().provider()).isEqualTo(OperatorConfig.FuseProvider.crioAnnotation);
    assertThat(config.storage().allowedModes()).contains(StorageMode.Host);
    assertThat(config.storage().allowsHostPath("/var/lib/containers/storage")).isTrue();
    assertThat(config.builderImage())
        .isEqualTo("ghcr.io/stowage/stowage-builder@sha256:" + "a".repeat(64));
    assertThat(config.defaults().storageClassName()).isEqualTo("fast");
    assertThat(config.defaults().buildCpuLimit()).isNull();
  }

  @Test
  void serviceAccountMountsNoTokenByItself() {
    ServiceAccount account = defaults.one("ServiceAccount", ServiceAccount.class);
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void metricsServiceSelectsTheOperatorPods() {
    Service service = defaults.one("Service", Service.class);
    Deployment deployment = defaults.one("Deployment", Deployment.class);
    assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
    assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
        .isEqualTo("metrics");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void serviceMonitorIsOffByDefault() {
    assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void serviceMonitorScrapesTheMetricsService() {
    RenderedChart chart =
        RenderedChart.render(
            helm, location, "-f", location.resource("values-servicemonitor.yaml").toString());
    GenericKubernetesResource monitor =
        chart.one("ServiceMonitor", GenericKubernetesResource.class);
    Service service = chart.one("Service", Service.class);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Object> spec = monitor.get("spec");
    @SuppressWarnings("unchecked")
    Map<String, String> selector =
        (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    @SuppressWarnings("unchecked")
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).getFirst();
    assertThat(endpoint)
        .containsEntry("port", "metrics")
        .containsEntry("path", "/metrics")
        .containsEntry("interval", "15s");
  }

  @Test
  void chartShipsTheImageBuildCrd() {
    assertThat(Files.isDirectory(location.chart().resolve("crds")))
        .as("helm/stowage/crds is missing: run ./mvnw -pl operator -Pupdate-crds process-classes")
        .isTrue();
    RenderedChart withCrds = RenderedChart.render(helm, location, "--include-crds");
    CustomResourceDefinition crd =
        withCrds.named(
            "CustomResourceDefinition", "imagebuilds.stowage.dev", CustomResourceDefinition.class);
    assertThat(crd.getSpec().getGroup()).isEqualTo("stowage.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).contains("ib");
    assertThat(crd.getSpec().getVersions())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("v1alpha1");
              assertThat(v.getServed()).isTrue();
              assertThat(v.getSubresources().getStatus()).isNotNull();
            });
  }

  private static Map<String, EnvVar> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  private static String configChecksum(RenderedChart chart) {
    return chart
        .one("Deployment", Deployment.class)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("checksum/config");
  }

  private static String configYaml(RenderedChart chart) {
    return chart.named("ConfigMap", "stowage-config", ConfigMap.class).getData().get("config.yaml");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
