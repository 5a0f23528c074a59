package dev.stowage.operator.pod;

import static dev.stowage.operator.pod.BuildStepSecretsTest.container;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.operator.api.BuildOutput;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import dev.stowage.operator.testing.TestBuilds;
import dev.stowage.operator.testing.TestBuilds.SourceVariant;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderPodFactoryTest {

  private static final OperatorConfig STANDARD = OperatorConfig.standard();
  private static final OperatorConfig PERMISSIVE = TestBuilds.permissive(STANDARD);

  private static Pod pod(ImageBuild build) {
    return pod(build, PERMISSIVE);
  }

  private static Pod pod(ImageBuild build, OperatorConfig config) {
    return new BuilderPodFactory(config).desired(build, 1).pod();
  }

  private static List<String> args(Pod pod, String step) {
    return container(pod, step).getArgs();
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static List<String> mountPaths(Pod pod, String step) {
    return container(pod, step).getVolumeMounts().stream().map(VolumeMount::getMountPath).toList();
  }

  @Test
  void podIsNamedLabelledAndOwnedByItsImageBuild() {
    ImageBuild build = TestBuilds.build().name("app").get();
    BuilderPlan plan = new BuilderPodFactory(STANDARD).desired(build, 2);
    Pod pod = plan.pod();
    assertThat(plan.revision()).isEqualTo(Revision.of(build.getSpec(), STANDARD));
    assertThat(pod.getMetadata().getName())
        .isEqualTo("app-" + plan.revision().substring(0, 8) + "-2");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(pod.getMetadata().getLabels())
        .containsExactly(
            Map.entry(BuilderPodLabels.MANAGED_BY, "stowage"),
            Map.entry(BuilderPodLabels.IMAGE_BUILD, "app"));
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(BuilderPodLabels.REVISION, plan.revision())
        .containsEntry(BuilderPodLabels.ATTEMPT, "2");
    var owner = pod.getMetadata().getOwnerReferences().getFirst();
    assertThat(owner.getKind()).isEqualTo("ImageBuild");
    assertThat(owner.getApiVersion()).isEqualTo("stowage.dev/v1alpha1");
    assertThat(owner.getUid()).isEqualTo(build.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();
    assertThat(plan.projectVolume()).isEmpty();
  }

  @Test
  void stepsRunInOrderFromTheBuilderImageWithTheStowageCli() {
    Pod pod = pod(TestBuilds.build().get(), STANDARD);
    assertThat(pod.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("source", "pull", "build");
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("push");
    for (Container c : BuildStepSecretsTest.allContainers(pod)) {
      assertThat(c.getImage()).isEqualTo(STANDARD.builderImage());
      assertThat(c.getCommand()).containsExactly("stowage");
      assertThat(c.getArgs().getFirst()).isEqualTo(c.getName());
      assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
      assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
      assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    }
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
  }

  @Test
  void gitSourceClonesWithRevisionDepthAndContextDir() {
    Pod pod = pod(TestBuilds.build().source(SourceVariant.GIT_WITH_SECRET).get());
    assertThat(args(pod, "source"))
        .containsExactly(
            "source",
            "--git-url",
            "https://git.example.com/team/app.git",
            "--git-revision",
            "v1.2.3",
            "--depth",
            "10",
            "--git-credentials",
            "/run/stowage/git",
            "--context-dir",
            "services/api",
            "--dest",
            "/workspace",
            "--result-file",
            "/dev/termination-log");
    assertThat(volume(pod, "git-credentials").getSecret().getSecretName()).isEqualTo("git-token");
    assertThat(mountPaths(pod, "source")).contains("/run/stowage/git");
    assertThat(args(pod, "build").getLast()).isEqualTo("/workspace/services/api");
    assertThat(args(pod, "pull").getLast()).isEqualTo("/workspace/services/api");
  }

  @Test
  void gitSourceWithoutDepthClonesShallow() {
    Pod pod = pod(TestBuilds.build().source(SourceVariant.GIT).get());
    assertThat(args(pod, "source"))
        .containsExactly(
            "source",
            "--git-url",
            "https://git.example.com/team/app.git",
            "--git-revision",
            "main",
            "--depth",
            "1",
            "--dest",
            "/workspace",
            "--result-file",
            "/dev/termination-log");
    assertThat(pod.getSpec().getVolumes())
        .extracting(Volume::getName)
        .doesNotContain("git-credentials");
  }

  @Test
  void containerfileIsResolvedInsideTheContext() {
    Pod pod =
        pod(
            TestBuilds.build()
                .source(SourceVariant.GIT_WITH_SECRET)
                .containerfile("./docker/Dockerfile.prod")
                .get());
    assertThat(args(pod, "build"))
        .containsSequence("--file", "/workspace/services/api/docker/Dockerfile.prod");
    assertThat(args(pod, "pull"))
        .containsSequence("--file", "/workspace/services/api/docker/Dockerfile.prod");
  }

  @Test
  void withoutContainerfileTheEngineChoosesItsDefault() {
    Pod pod = pod(TestBuilds.build().get());
    assertThat(args(pod, "build")).doesNotContain("--file");
    assertThat(args(pod, "pull")).doesNotContain("--file");
  }

  @Test
  void configMapSourceIsCopiedFromAReadOnlyConfigMapVolume() {
    Pod pod = pod(TestBuilds.build().source(SourceVariant.CONFIG_MAP).get());
    assertThat(args(pod, "source"))
        .containsExactly(
            "source",
            "--config-map-dir",
            "/etc/stowage/configmap",
            "--dest",
            "/workspace",
            "--result-file",
            "/dev/termination-log");
    assertThat(volume(pod, "configmap-source").getConfigMap().getName()).isEqualTo("app-context");
    VolumeMount mount =
        container(pod, "source").getVolumeMounts().stream()
            .filter(m -> m.getName().equals("configmap-source"))
            .findFirst()
            .orElseThrow();
    assertThat(mount.getMountPath()).isEqualTo("/etc/stowage/configmap");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mountPaths(pod, "pull")).doesNotContain("/etc/stowage/configmap");
  }

  @Test
  void inlineSourceTravelsAsAnnotationProjectedOnlyIntoSource() throws Exception {
    Pod pod = pod(TestBuilds.build().source(SourceVariant.INLINE).get());
    String json = pod.getMetadata().getAnnotations().get(BuilderPodLabels.INLINE_SOURCE);
    JsonNode payload = new ObjectMapper().readTree(json);
    assertThat(payload.get("containerfile").asText()).isEqualTo("FROM busybox\nCOPY hello.txt /\n");
    assertThat(payload.get("containerfilePath").asText()).isEqualTo("Containerfile");
    assertThat(payload.get("files").get("hello.txt").asText()).isEqualTo("hello\n");
    var item = volume(pod, "inline-source").getDownwardAPI().getItems().getFirst();
    assertThat(item.getPath()).isEqualTo("source.json");
    assertThat(item.getFieldRef().getFieldPath())
        .isEqualTo("metadata.annotations['stowage.dev/inline-source']");
    assertThat(args(pod, "source"))
        .containsExactly(
            "source",
            "--inline-file",
            "/etc/stowage/inline/source.json",
            "--dest",
            "/workspace",
            "--result-file",
            "/dev/termination-log");
    assertThat(mountPaths(pod, "source")).contains("/etc/stowage/inline");
    for (String step : List.of("pull", "build", "push")) {
      assertThat(mountPaths(pod, step)).doesNotContain("/etc/stowage/inline");
    }
    assertThat(args(pod, "build")).containsSequence("--file", "/workspace/Containerfile");
  }

  @Test
  void inlineSourceHonoursANamedContainerfile() throws Exception {
    Pod pod =
        pod(
            TestBuilds.build()
                .source(SourceVariant.INLINE)
                .containerfile("build/Dockerfile")
                .get());
    JsonNode payload =
        new ObjectMapper()
            .readTree(pod.getMetadata().getAnnotations().get(BuilderPodLabels.INLINE_SOURCE));
    assertThat(payload.get("containerfilePath").asText()).isEqualTo("build/Dockerfile");
    assertThat(args(pod, "build")).containsSequence("--file", "/workspace/build/Dockerfile");
  }

  @Test
  void volumeSourceMountsTheClaimReadOnlyAndOnlyVerifies() {
    Pod pod = pod(TestBuilds.build().source(SourceVariant.VOLUME).get());
    Volume workspace = volume(pod, "workspace");
    assertThat(workspace.getPersistentVolumeClaim().getClaimName()).isEqualTo("contexts");
    assertThat(workspace.getPersistentVolumeClaim().getReadOnly()).isTrue();
    for (String step : List.of("source", "pull", "build")) {
      VolumeMount mount = container(pod, step).getVolumeMounts().getFirst();
      assertThat(mount.getMountPath()).isEqualTo("/workspace");
      assertThat(mount.getSubPath()).isEqualTo("app");
      assertThat(mount.getReadOnly()).as(step).isTrue();
    }
    assertThat(args(pod, "source"))
        .containsExactly(
            "source",
            "--existing",
            "--dest",
            "/workspace",
            "--result-file",
            "/dev/termination-log");
  }

  @Test
  void ephemeralStorageIsASizeLimitedEmptyDir() {
    Pod pod = pod(TestBuilds.build().ephemeral().size("5Gi").get());
    assertThat(volume(pod, "storage").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("5Gi"));
    Pod defaulted = pod(TestBuilds.build().get());
    assertThat(volume(defaulted, "storage").getEmptyDir().getSizeLimit())
        .isEqualTo(new Quantity("20Gi"));
  }

  @Test
  void projectStorageUsesTheProjectClaimAndPlansIt() {
    ImageBuild build =
        TestBuilds.build().project("shop").size("50Gi").storageClassName("fast").get();
    BuilderPlan plan = new BuilderPodFactory(PERMISSIVE).desired(build, 1);
    assertThat(volume(plan.pod(), "storage").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("stowage-project-shop");
    assertThat(plan.pod().getMetadata().getLabels())
        .containsEntry(BuilderPodLabels.PROJECT, "shop");
    PersistentVolumeClaim pvc = plan.projectVolume().orElseThrow();
    assertThat(pvc.getMetadata().getName()).isEqualTo("stowage-project-shop");
    assertThat(pvc.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(pvc.getMetadata().getLabels())
        .containsEntry(BuilderPodLabels.MANAGED_BY, "stowage")
        .containsEntry(BuilderPodLabels.PROJECT, "shop");
    assertThat(pvc.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(pvc.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("50Gi"));
  }

  @Test
  void hostStorageIsAHostPathDirectory() {
    Pod pod = pod(TestBuilds.build().host("/var/lib/containers").get());
    var hostPath = volume(pod, "storage").getHostPath();
    assertThat(hostPath.getPath()).isEqualTo("/var/lib/containers");
    assertThat(hostPath.getType()).isEqualTo("Directory");
  }

  @Test
  void additionalStoresAreReadOnlyInPullBuildAndPush() {
    Pod pod =
        pod(
            TestBuilds.build()
                .store("base-images", null, "store")
                .store(null, "/var/lib/shared", "podman")
                .get());
    assertThat(volume(pod, "shared-0").getPersistentVolumeClaim().getReadOnly()).isTrue();
    assertThat(volume(pod, "shared-1").getHostPath().getPath()).isEqualTo("/var/lib/shared/podman");
    for (String step : List.of("pull", "build", "push")) {
      assertThat(args(pod, step))
          .containsSequence(
              "--storage-root",
              "/var/lib/containers/storage",
              "--additional-store",
              "/var/lib/shared/0",
              "--additional-store",
              "/var/lib/shared/1");
      List<VolumeMount> shared =
          container(pod, step).getVolumeMounts().stream()
              .filter(m -> m.getName().startsWith("shared-"))
              .toList();
      assertThat(shared)
          .extracting(VolumeMount::getMountPath)
          .containsExactly("/var/lib/shared/0", "/var/lib/shared/1");
      assertThat(shared).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
      assertThat(shared.getFirst().getSubPath()).isEqualTo("store");
      assertThat(shared.getLast().getSubPath()).isNull();
    }
    assertThat(mountPaths(pod, "source")).noneMatch(p -> p.startsWith("/var/lib/"));
  }

  @Test
  void devicePluginRequestsFuseForTheBuildStepOnly() {
    Pod pod =
        pod(
            TestBuilds.build().get(),
            TestBuilds.config(SecurityMode.baseline, FuseProvider.devicePlugin));
    assertThat(container(pod, "build").getResources().getLimits())
        .containsEntry("github.com/fuse", new Quantity("1"));
    for (String step : List.of("source", "pull", "push")) {
      assertThat(container(pod, step).getResources().getLimits())
          .doesNotContainKey("github.com/fuse");
    }
    assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(BuilderPodLabels.CRIO_DEVICES);
  }

  @Test
  void crioAnnotationAddsFuseWithoutAResource() {
    Pod pod =
        pod(
            TestBuilds.build().get(),
            TestBuilds.config(SecurityMode.baseline, FuseProvider.crioAnnotation));
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("io.kubernetes.cri-o.Devices", "/dev/fuse:rwm");
    assertThat(container(pod, "build").getResources().getLimits())
        .doesNotContainKey("github.com/fuse");
  }

  @Test
  void noFuseProviderMeansNeitherResourceNorAnnotation() {
    Pod pod =
        pod(TestBuilds.build().get(), TestBuilds.config(SecurityMode.baseline, FuseProvider.none));
    assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(BuilderPodLabels.CRIO_DEVICES);
    assertThat(container(pod, "build").getResources().getLimits())
        .containsOnlyKeys("cpu", "memory");
  }

  @Test
  void baselineModeUsesRuntimeDefaultSeccompAndHostUsers() {
    Pod pod =
        pod(TestBuilds.build().get(), TestBuilds.config(SecurityMode.baseline, FuseProvider.none));
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.getSpec().getHostUsers()).isNull();
  }

  @Test
  void usernsModeUsesTheLocalhostProfileWithoutHostUsers() {
    Pod pod =
        pod(TestBuilds.build().get(), TestBuilds.config(SecurityMode.userns, FuseProvider.none));
    var seccomp = pod.getSpec().getSecurityContext().getSeccompProfile();
    assertThat(seccomp.getType()).isEqualTo("Localhost");
    assertThat(seccomp.getLocalhostProfile()).isEqualTo("stowage-userns.json");
    assertThat(pod.getSpec().getHostUsers()).isFalse();
  }

  @Test
  void everyStepDropsAllAndAddsOnlyWhatItNeeds() {
    Pod pod = pod(TestBuilds.build().get());
    Map<String, List<String>> expected =
        Map.of(
            "source", List.of(),
            "pull", List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETFCAP"),
            "build",
                List.of(
                    "CHOWN",
                    "DAC_OVERRIDE",
                    "FOWNER",
                    "FSETID",
                    "SETUID",
                    "SETGID",
                    "SYS_CHROOT",
                    "SETFCAP"),
            "push", List.of("DAC_OVERRIDE"));
    expected.forEach(
        (step, caps) -> {
          var security = container(pod, step).getSecurityContext();
          assertThat(security.getPrivileged()).isFalse();
          assertThat(security.getAllowPrivilegeEscalation()).isFalse();
          assertThat(security.getReadOnlyRootFilesystem()).isTrue();
          assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
          assertThat(security.getCapabilities().getAdd()).as(step).containsExactlyElementsOf(caps);
        });
  }

  @Test
  void buildArgumentsCarryTheOutputOptions() {
    Pod pod =
        pod(
            TestBuilds.build()
                .buildArg("VERSION", "1.2")
                .buildArg("EMPTY", null)
                .target("runtime")
                .labels(Map.of("b", "2", "a", "1"))
                .annotations(Map.of("org.opencontainers.image.source", "git"))
                .timestamp(0)
                .cache(false, null)
                .get());
    assertThat(args(pod, "build"))
        .containsExactly(
            "build",
            "--storage-root",
            "/var/lib/containers/storage",
            "--build-arg",
            "VERSION=1.2",
            "--build-arg",
            "EMPTY=",
            "--target",
            "runtime",
            "--pull=never",
            "--no-cache",
            "--tag",
            "registry.example.com/team/app:1.0",
            "--timestamp",
            "0",
            "--label",
            "a=1",
            "--label",
            "b=2",
            "--annotation",
            "org.opencontainers.image.source=git",
            "--result-file",
            "/dev/termination-log",
            "/workspace");
  }

  @Test
  void pullAndPushUseTheRegistrySecretAndOptions() {
    Pod pod =
        pod(
            TestBuilds.build()
                .pushSecret("registry-push")
                .insecure(true)
                .compression(BuildOutput.Compression.zstd)
                .tags("latest", "1")
                .cache(true, "registry.example.com/team/cache")
                .buildArg("A", "b")
                .get());
    assertThat(args(pod, "pull"))
        .containsExactly(
            "pull",
            "--storage-root",
            "/var/lib/containers/storage",
            "--build-arg",
            "A=b",
            "--authfile",
            "/run/stowage/pull/.dockerconfigjson",
            "--tls-verify=false",
            "--cache-from",
            "registry.example.com/team/cache",
            "--result-file",
            "/dev/termination-log",
            "/workspace");
    assertThat(args(pod, "push"))
        .containsExactly(
            "push",
            "--storage-root",
            "/var/lib/containers/storage",
            "--authfile",
            "/run/stowage/push/.dockerconfigjson",
            "--tls-verify=false",
            "--compression",
            "zstd",
            "--tag",
            "latest",
            "--tag",
            "1",
            "--cache-to",
            "registry.example.com/team/cache",
            "--result-file",
            "/dev/termination-log",
            "registry.example.com/team/app:1.0",
            "docker://registry.example.com/team/app:1.0");
    assertThat(args(pod, "build")).contains("--layers").doesNotContain("--authfile");
  }

  @Test
  void specResourcesGoToTheBuildStepPlusTheFuseDevice() {
    var resources =
        new ResourceRequirementsBuilder()
            .addToRequests("memory", new Quantity("4Gi"))
            .addToLimits("memory", new Quantity("16Gi"))
            .build();
    ImageBuild build = TestBuilds.build().resources(resources).get();
    Pod pod = pod(build);
    assertThat(container(pod, "build").getResources().getRequests())
        .containsOnlyKeys("memory")
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(container(pod, "build").getResources().getLimits())
        .containsOnlyKeys("memory", "github.com/fuse");
    assertThat(build.getSpec().resources().getLimits()).containsOnlyKeys("memory");
  }

  @Test
  void defaultResourcesComeFromTheConfig() {
    Pod pod = pod(TestBuilds.build().get());
    assertThat(container(pod, "build").getResources().getRequests())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(container(pod, "push").getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void schedulingFieldsPassThrough() {
    Pod pod =
        pod(
            TestBuilds.build()
                .nodeSelector(Map.of("kubernetes.io/arch", "amd64"))
                .tolerations(
                    List.of(
                        new TolerationBuilder()
                            .withKey("builders")
                            .withOperator("Exists")
                            .withEffect("NoSchedule")
                            .build()))
                .affinity(
                    new AffinityBuilder()
                        .withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm()
                        .addNewMatchExpression()
                        .withKey("pool")
                        .withOperator("In")
                        .withValues("build")
                        .endMatchExpression()
                        .endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .build())
                .serviceAccountName("builder")
                .timeout("1h30m")
                .get());
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("kubernetes.io/arch", "amd64");
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("builders"));
    assertThat(pod.getSpec().getAffinity().getNodeAffinity()).isNotNull();
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("builder");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(5400L);
  }

  @Test
  void outputIsDeterministicWhateverTheMapOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("z", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("z", "2");
    backward.put("a", "1");
    Pod one = pod(TestBuilds.build().labels(forward).nodeSelector(forward).get());
    Pod two = pod(TestBuilds.build().labels(backward).nodeSelector(backward).get());
    assertThat(one).isEqualTo(two);
    assertThat(List.copyOf(one.getSpec().getNodeSelector().keySet())).containsExactly("a", "z");
  }

  @Test
  void anotherAttemptIsAnotherPodOfTheSameRevision() {
    ImageBuild build = TestBuilds.build().get();
    BuilderPodFactory factory = new BuilderPodFactory(STANDARD);
    BuilderPlan first = factory.desired(build, 1);
    BuilderPlan second = factory.desired(build, 2);
    assertThat(first.revision()).isEqualTo(second.revision());
    assertThat(first.pod().getMetadata().getName())
        .isNotEqualTo(second.pod().getMetadata().getName());
  }

  @Test
  void aChangedSpecIsANewRevision() {
    BuilderPodFactory factory = new BuilderPodFactory(STANDARD);
    BuilderPlan one = factory.desired(TestBuilds.build().get(), 1);
    BuilderPlan two = factory.desired(TestBuilds.build().target("other").get(), 1);
    assertThat(one.revision()).isNotEqualTo(two.revision());
  }
}
