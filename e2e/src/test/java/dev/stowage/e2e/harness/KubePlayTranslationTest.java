package dev.stowage.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.e2e.harness.KubePlayTranslation.ClusterObjects;
import dev.stowage.e2e.harness.KubePlayTranslation.HostFile;
import dev.stowage.e2e.harness.KubePlayTranslation.Translated;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.pod.BuilderPodLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of {@link KubePlayTranslation}, on the pods the real {@link BuilderPodFactory}
 * makes.
 */
class KubePlayTranslationTest {

  private static final Path RUN = Path.of("/run/e2e/pod");
  private static final Path PROFILES = Path.of("/repo/helm/stowage/files");
  private static final String FUSE = "github.com/fuse";

  private final KubePlayTranslation translation = new KubePlayTranslation(FUSE, PROFILES);

  private static final ClusterObjects CLUSTER =
      new ClusterObjects() {
        @Override
        public ConfigMap configMap(String namespace, String name) {
          return name.equals("app-context")
              ? new ConfigMapBuilder()
                  .withData(Map.of("Containerfile", "FROM scratch\n"))
                  .withBinaryData(
                      Map.of("blob.bin", Base64.getEncoder().encodeToString(new byte[] {0, 1})))
                  .build()
              : null;
        }

        @Override
        public Secret secret(String namespace, String name) {
          return new SecretBuilder()
              .withData(
                  Map.of(
                      ".dockerconfigjson",
                      Base64.getEncoder().encodeToString("{\"auths\":{}}".getBytes())))
              .build();
        }
      };

  private static Pod builderPod(String spec) {
    return builderPod(spec, OperatorConfig.standard());
  }

  private static Pod builderPod(String spec, OperatorConfig config) {
    ImageBuild build =
        Serialization.unmarshal(
            """
            apiVersion: stowage.dev/v1alpha1
            kind: ImageBuild
            metadata: {name: app, namespace: team-a, uid: 1f0e5c7a-0000-4000-8000-000000000001}
            spec:
            """
                + spec.indent(2),
            ImageBuild.class);
    return new BuilderPodFactory(config).desired(build, 1).pod();
  }

  private static final String INLINE =
      """
      source:
        inline:
          containerfile: "FROM scratch\\nCOPY a /a\\n"
          files: {a: hello}
      output: {image: 127.0.0.1:5000/team/app:1, insecure: true}
      """;

  private Translated translate(Pod pod) {
    return translation.translate(pod, RUN, CLUSTER);
  }

  @Test
  void podIsNamedNamespaceDashNameAndKeepsOnlyItsLabels() {
    Pod pod = builderPod(INLINE);

    Translated translated = translate(pod);

    assertThat(translated.podmanName()).isEqualTo("team-a-" + pod.getMetadata().getName());
    assertThat(translated.pod().getMetadata().getLabels()).isEqualTo(pod.getMetadata().getLabels());
    assertThat(translated.pod().getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(translated.pod().getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(translated.pod().getMetadata().getNamespace()).isNull();
  }

  @Test
  void podRunsInTheHostsNetworkToReachTheLoopbackRegistry() {
    assertThat(translate(builderPod(INLINE)).pod().getSpec().getHostNetwork()).isTrue();
  }

  @Test
  void everyContainerGetsAHostFileMountedAtItsTerminationMessagePath() {
    Translated translated = translate(builderPod(INLINE));

    for (Container c : containers(translated.pod())) {
      Path file = RUN.resolve("termination").resolve(c.getName());
      assertThat(translated.terminationFiles()).containsEntry(c.getName(), file);
      assertThat(mount(c, "termination-" + c.getName()))
          .get()
          .extracting(VolumeMount::getMountPath)
          .isEqualTo("/dev/termination-log");
      assertThat(volume(translated.pod(), "termination-" + c.getName()).getHostPath().getPath())
          .isEqualTo(file.toString());
      assertThat(c.getTerminationMessagePath()).isNull();
    }
    assertThat(translated.files())
        .extracting(HostFile::path)
        .contains(RUN.resolve("termination/build"));
  }

  @Test
  void fuseResourceBecomesACharDeviceOfTheContainerThatAskedForIt() {
    Translated translated = translate(builderPod(INLINE));

    assertThat(volume(translated.pod(), "dev-fuse").getHostPath().getType())
        .isEqualTo("CharDevice");
    assertThat(volume(translated.pod(), "dev-fuse").getHostPath().getPath()).isEqualTo("/dev/fuse");
    for (Container c : containers(translated.pod())) {
      boolean build = c.getName().equals(BuilderPodLabels.BUILD);
      assertThat(mount(c, "dev-fuse").isPresent()).as(c.getName()).isEqualTo(build);
      assertThat(c.getResources().getLimits()).doesNotContainKey(FUSE);
    }
    Container build = container(translated.pod(), BuilderPodLabels.BUILD);
    assertThat(build.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void emptyDirBecomesAFreshHostDirectoryOfThisPod() {
    Translated translated = translate(builderPod(INLINE));

    assertThat(translated.pod().getSpec().getVolumes()).allMatch(v -> v.getEmptyDir() == null);
    Volume storage = volume(translated.pod(), "storage");
    assertThat(storage.getHostPath().getPath())
        .isEqualTo(RUN.resolve("volumes/storage").toString());
    assertThat(translated.directories())
        .contains(RUN.resolve("volumes/storage"), RUN.resolve("volumes/tmp-build"));
  }

  @Test
  void downwardApiItemsAreRenderedFromThePodsAnnotations() {
    Pod pod = builderPod(INLINE);

    Translated translated = translate(pod);

    assertThat(volume(translated.pod(), "inline-source").getHostPath().getPath())
        .isEqualTo(RUN.resolve("volumes/inline-source").toString());
    assertThat(text(file(translated, "volumes/inline-source/source.json")))
        .isEqualTo(pod.getMetadata().getAnnotations().get(BuilderPodLabels.INLINE_SOURCE))
        .contains("COPY a /a");
  }

  @Test
  void configMapKeysBecomeFilesWithTheDefaultMode() {
    Translated translated =
        translate(
            builderPod(
                """
                source:
                  configMap: {name: app-context}
                output: {image: 127.0.0.1:5000/team/app:1}
                """));

    HostFile containerfile = file(translated, "volumes/configmap-source/Containerfile");
    assertThat(text(containerfile)).isEqualTo("FROM scratch\n");
    assertThat(PosixFilePermissions.toString(containerfile.mode())).isEqualTo("rw-r--r--");
    assertThat(file(translated, "volumes/configmap-source/blob.bin").content())
        .containsExactly(0, 1);
    assertThat(volume(translated.pod(), "configmap-source").getConfigMap()).isNull();
  }

  @Test
  void missingConfigMapFailsNamingIt() {
    Pod pod =
        builderPod(
            """
            source:
              configMap: {name: not-there}
            output: {image: 127.0.0.1:5000/team/app:1}
            """);

    assertThatThrownBy(() -> translate(pod)).hasMessageContaining("ConfigMap not-there not found");
  }

  @Test
  void secretKeysAreDecodedIntoFilesWithTheVolumesMode() {
    Translated translated =
        translate(
            builderPod(INLINE.replace("insecure: true", "pushSecretRef: {name: registry-push}")));

    HostFile config = file(translated, "volumes/registry-credentials/.dockerconfigjson");
    assertThat(text(config)).isEqualTo("{\"auths\":{}}");
    assertThat(PosixFilePermissions.toString(config.mode())).isEqualTo("r--------");
  }

  @Test
  void localhostSeccompProfileBecomesKubePlaysAnnotationUnderTheProfileRoot() {
    OperatorConfig standard = OperatorConfig.standard();
    OperatorConfig userns =
        new OperatorConfig(
            standard.builderImage(),
            standard.builderImagePullPolicy(),
            OperatorConfig.SecurityMode.userns,
            standard.fuse(),
            standard.storage(),
            standard.defaults());

    Translated translated = translate(builderPod(INLINE, userns));

    assertThat(translated.pod().getMetadata().getAnnotations())
        .containsEntry(
            "seccomp.security.alpha.kubernetes.io/pod",
            "localhost/" + standard.fuse().seccompProfile());
    assertThat(translated.playOptions())
        .containsExactly("--seccomp-profile-root", PROFILES.toString());
  }

  @Test
  void hostUsersFalseIsDroppedSoThePodRunsInTheHostsUserNamespace() {
    OperatorConfig standard = OperatorConfig.standard();
    Pod pod =
        builderPod(
            INLINE,
            new OperatorConfig(
                standard.builderImage(),
                standard.builderImagePullPolicy(),
                OperatorConfig.SecurityMode.userns,
                standard.fuse(),
                standard.storage(),
                standard.defaults()));
    assertThat(pod.getSpec().getHostUsers()).isFalse();

    assertThat(translate(pod).pod().getSpec().getHostUsers()).isNull();
  }

  @Test
  void runtimeDefaultSeccompIsPodmansDefaultAndNeedsNothing() {
    Translated translated = translate(builderPod(INLINE));

    assertThat(translated.playOptions()).isEmpty();
    assertThat(translated.pod().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void claimsStayClaimsWhichKubePlayMakesNamedVolumes() {
    Translated translated =
        translate(
            builderPod(
                INLINE
                    + """
                    storage:
                      mode: Project
                      project: shop
                      additionalStores:
                      - claimName: base-store
                    """));

    assertThat(volume(translated.pod(), "storage").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("stowage-project-shop");
    assertThat(volume(translated.pod(), "shared-0").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("base-store");
    assertThat(mount(container(translated.pod(), "build"), "shared-0").orElseThrow().getReadOnly())
        .isTrue();
  }

  @Test
  void theOperatorsPodIsLeftAsItWas() {
    Pod pod = builderPod(INLINE);
    Pod before = new PodBuilder(pod).build();

    translate(pod);

    assertThat(pod).isEqualTo(before);
  }

  @Test
  void kubernetesModesArePermissionBits() {
    assertThat(PosixFilePermissions.toString(KubePlayTranslation.mode(null, 0400)))
        .isEqualTo("r--------");
    assertThat(PosixFilePermissions.toString(KubePlayTranslation.mode(0755, 0400)))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(KubePlayTranslation.mode(null, null)))
        .isEqualTo("rw-r--r--");
  }

  private static List<Container> containers(Pod pod) {
    return Stream.concat(
            pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
        .toList();
  }

  private static Container container(Pod pod, String name) {
    return containers(pod).stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static Optional<VolumeMount> mount(Container c, String volume) {
    return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst();
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static HostFile file(Translated translated, String relative) {
    return translated.files().stream()
        .filter(f -> f.path().equals(RUN.resolve(relative)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no host file " + relative));
  }

  private static String text(HostFile file) {
    return new String(file.content(), StandardCharsets.UTF_8);
  }
}
